export { all } from "./all.js";
export { allSettled } from "./all-settled.js";
export { race } from "./race.js";
export { any } from "./any.js";
export { AnyError } from "./any-error.js";
export type { SettledResult, SettledOf, SettledTuple, ValuesOf } from "./types.js";
