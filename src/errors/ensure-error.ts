import { types } from "node:util";
import { isErrorLike, renderThrown } from "./safe-json.js";

/**
 * `value` as an Error: JavaScript lets code throw anything, while RxJS error channels
 * and loggers read `.message`. An Error (from any realm) is returned as is; an
 * Error-like object keeps its name and message; anything else is rendered readably.
 * The original value is kept as `cause`.
 */
export function ensureError(value: unknown): Error {
  if (value instanceof Error || types.isNativeError(value)) return value as Error;
  if (isErrorLike(value)) {
    const error = new Error(value.message, { cause: value });
    Object.defineProperty(error, "name", { value: value.name, writable: true, enumerable: false, configurable: true });
    return error;
  }
  return new Error(renderThrown(value), { cause: value });
}
