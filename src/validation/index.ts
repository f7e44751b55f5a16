export { parseOptions } from "./parse-options.js";
export type { ParseOptionsConfig } from "./parse-options.js";
