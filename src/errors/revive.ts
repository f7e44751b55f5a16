import { DurableError } from "./durable-error.js";

/*
 * Rebuilding errors from an ErrorObject without calling user constructors: their
 * signatures are unknown and may have side effects. `Reflect.construct(Error, …,
 * Class)` yields a genuine native error (util.types.isNativeError, a real stack slot)
 * whose prototype is `Class.prototype`.
 */

const RESERVED_KEYS: ReadonlySet<string> = new Set(["name", "message", "stack", "cause", "__proto__"]);

/** The fields of an ErrorObject that a rebuilt error is made from, already type-checked. */
export interface ErrorParts {
  type: string | undefined;
  message: string | undefined;
  data: string | undefined;
  frames: readonly string[] | undefined;
}

/** An instance of `Class` carrying the parts, built without running its constructor. */
export function reviveAs(Class: abstract new (...args: never[]) => Error, parts: ErrorParts): Error {
  const error = Reflect.construct(Error, parts.message === undefined ? [] : [parts.message], Class) as Error;
  // A class whose name is an instance field (`name = "X"`) inherits "Error" from here.
  if (parts.type !== undefined && error.name !== parts.type) hide(error, "name", parts.type);
  if (DurableError.is(error)) {
    // Our own classes keep the original error's properties as one JSON string.
    if (parts.data !== undefined) hide(error, "errorData", parts.data, true);
  } else {
    assignOwnData(error, parts.data);
  }
  setStack(error, parts.frames);
  return error;
}

/**
 * The `cause` of a decoded error: the original name, message and stack. Built-in
 * types (`TypeError`, `RangeError`, …) come back as themselves, so `instanceof`
 * branches the same way live and replayed.
 */
export function causeFrom(parts: ErrorParts): Error {
  const type = parts.type || "Error";
  const Builtin = BUILTIN_ERRORS.get(type);
  const cause = Builtin ? new Builtin(parts.message ?? "") : new Error(parts.message ?? "");
  if (cause.name !== type) hide(cause, "name", type);
  setStack(cause, parts.frames);
  return cause;
}

const BUILTIN_ERRORS: ReadonlyMap<string, new (message?: string) => Error> = new Map<
  string,
  new (message?: string) => Error
>([
  ["Error", Error],
  ["TypeError", TypeError],
  ["RangeError", RangeError],
  ["SyntaxError", SyntaxError],
  ["ReferenceError", ReferenceError],
  ["EvalError", EvalError],
  ["URIError", URIError],
]);

/** The stack as Node prints it: the `Name: message` header, then the recorded frames. */
function setStack(error: Error, frames: readonly string[] | undefined): void {
  const header = error.message ? `${error.name}: ${error.message}` : error.name;
  // Without recorded frames, the captured stack would point into this decoder: misleading.
  const stack = frames && frames.length > 0 ? `${header}\n    ${frames.join("\n    ")}` : header;
  hide(error, "stack", stack);
}

/** Own properties from ErrorData when it is a JSON object; truncated or foreign data is skipped. */
function assignOwnData(error: Error, data: string | undefined): void {
  if (data === undefined) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return;
  for (const [key, value] of Object.entries(parsed)) {
    if (RESERVED_KEYS.has(key)) continue;
    Object.defineProperty(error, key, { value, writable: true, enumerable: true, configurable: true });
  }
}

/** Like the engine's own error fields: writable, not enumerable (unless asked). */
function hide(target: object, key: string, value: unknown, enumerable = false): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable, configurable: true });
}
