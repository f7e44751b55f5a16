export type { Serdes, SerdesContext } from "./serdes.js";
export { jsonSerdes } from "./json-serdes.js";
export { rawSerdes } from "./raw-serdes.js";
export { classSerdes } from "./class-serdes.js";
export type { ClassSerdesOptions } from "./class-serdes.js";
export { customSerdes } from "./custom-serdes.js";
export { deserializeWith, serializeWith } from "./serialize-with.js";
