import { func, object } from "superstruct";
import { parseOptions } from "../validation/parse-options.js";
import type { Serdes } from "./serdes.js";

const CustomSerdesStruct = object({ serialize: func(), deserialize: func() });

/**
 * A serdes from two functions, checked when it is built rather than at the first
 * operation that uses it.
 *
 * @example
 * ```ts
 * const money = customSerdes<Money>((m) => m.toString(), (s) => Money.parse(s!));
 * ```
 */
export function customSerdes<T>(serialize: Serdes<T>["serialize"], deserialize: Serdes<T>["deserialize"]): Serdes<T> {
  parseOptions(CustomSerdesStruct, { serialize, deserialize }, "customSerdes");
  return { serialize, deserialize };
}
