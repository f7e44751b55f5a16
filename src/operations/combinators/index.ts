export { all } from "./all.js";
export { allSettled } from "./all-settled.js";
export { race } from "./race.js";
export { any } from "./any.js";
export { AnyError } from "./any-error.js";
export type { InputRecord, InputTuple, SettledResult, SettledOf, ValueOf, ValuesOf } from "./types.js";
