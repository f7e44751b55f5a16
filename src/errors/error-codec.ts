import type { ErrorObject } from "../wire/types.js";
import { DurableError } from "./durable-error.js";
import { durableErrorFactory } from "./error-registry.js";
import { causeFrom, reviveAs, type ErrorParts } from "./revive.js";
import { isErrorLike, ownDataJson, renderThrown } from "./safe-json.js";
import { DEFAULT_MAX_ERROR_OBJECT_BYTES, truncateErrorObject } from "./truncate-error-object.js";

/**
 * An error class a user registers so that its instances are rebuilt as themselves.
 * Matched by a static `errorType` string when present, else by the `name` its
 * prototype defines, else by the class's own name (which a minifier may rename, so
 * give minified classes a static `errorType`). `any[]`: any constructor signature.
 */
export type ErrorClass = abstract new (...args: any[]) => Error;

export interface ToErrorObjectOptions {
  /** Byte budget of `JSON.stringify(result)`; default {@link DEFAULT_MAX_ERROR_OBJECT_BYTES}. */
  maxBytes?: number;
  /** Whether to record `StackTrace` (default true); the handler's FAILED output leaves it out (PROTOCOL.md §18.17). */
  stackTrace?: boolean;
}

export interface FromErrorObjectOptions {
  /** Builds the error for a type that is neither registered nor ours, e.g. `(m, init) => new StepError(m, init)`. */
  fallback: (message: string | undefined, init: { cause: Error; errorData?: string }) => Error;
  /** User classes rebuilt as themselves (checked before durable-rx's own). */
  classes?: readonly ErrorClass[];
}

/**
 * Encodes anything thrown into the wire's ErrorObject (PROTOCOL.md §1.2), within a
 * byte budget. Never throws: it runs while something is already failing.
 *
 * - a durable-rx error → its name, message and `errorData`;
 * - an Error-like value → name, message, its own enumerable properties as JSON
 *   ErrorData (circular references marked, not thrown on) and its stack frames;
 * - any other value → ErrorType `"Error"` and a readable rendering.
 */
export function toErrorObject(error: unknown, options?: ToErrorObjectOptions): ErrorObject {
  const maxBytes = options?.maxBytes ?? DEFAULT_MAX_ERROR_OBJECT_BYTES;
  try {
    return truncateErrorObject(encode(error, options?.stackTrace !== false), maxBytes);
  } catch {
    try {
      return truncateErrorObject({ ErrorType: "Error", ErrorMessage: renderThrown(error) }, maxBytes);
    } catch {
      return {};
    }
  }
}

/**
 * Decodes an ErrorObject: a registered class comes back as itself, one of
 * durable-rx's errors as itself, anything else through `fallback` with a `cause`
 * carrying the original name, message and stack. The live path goes through here
 * too, so what a user's `catch` sees is the same live and on replay.
 */
export function fromErrorObject(eo: ErrorObject | undefined, options: FromErrorObjectOptions): Error {
  const parts = partsOf(eo);
  if (parts.type) {
    const Class = options.classes?.find((c) => matches(c, parts.type as string));
    if (Class) return reviveAs(Class, parts);
    const factory = durableErrorFactory(parts.type);
    if (factory) return factory(parts);
  }
  const init: { cause: Error; errorData?: string } = { cause: causeFrom(parts) };
  if (parts.data !== undefined) init.errorData = parts.data;
  return options.fallback(parts.message, init);
}

function encode(error: unknown, withStack: boolean): ErrorObject {
  if (DurableError.is(error)) {
    return compact({ ErrorType: error.name, ErrorMessage: error.message, ErrorData: stringOrUndefined(error.errorData) });
  }
  if (isErrorLike(error)) {
    return compact({
      ErrorType: error.name || "Error",
      ErrorMessage: error.message,
      ErrorData: ownDataJson(error),
      StackTrace: withStack ? stackFrames(error) : undefined,
    });
  }
  return { ErrorType: "Error", ErrorMessage: renderThrown(error) };
}

/**
 * The frames of `error.stack` without its `Name: message` header (which may span
 * several lines when the message does), trimmed of their indentation.
 */
function stackFrames(error: { name: string; message: string; stack?: unknown }): string[] | undefined {
  const stack = error.stack;
  if (typeof stack !== "string") return undefined;
  const header = error.message ? `${error.name}: ${error.message}` : error.name;
  let body: string;
  if (stack.startsWith(header)) body = stack.slice(header.length);
  else {
    // The name changed after the stack was captured: frames start at the first "at" line.
    const first = stack.search(/^\s+at /m);
    body = first >= 0 ? stack.slice(first) : stack.slice(stack.indexOf("\n") + 1 || stack.length);
  }
  const frames = body
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return frames.length > 0 ? frames : undefined;
}

/** Reads an ErrorObject from history defensively: the service stores what any SDK sent. */
function partsOf(eo: ErrorObject | undefined): ErrorParts {
  const o = (typeof eo === "object" && eo !== null ? eo : {}) as Record<string, unknown>;
  const frames = Array.isArray(o.StackTrace) ? o.StackTrace.filter((f): f is string => typeof f === "string") : undefined;
  return {
    type: stringOrUndefined(o.ErrorType),
    message: stringOrUndefined(o.ErrorMessage),
    data: stringOrUndefined(o.ErrorData),
    frames,
  };
}

function matches(Class: ErrorClass, type: string): boolean {
  try {
    const explicit = (Class as unknown as { errorType?: unknown }).errorType;
    if (typeof explicit === "string") return explicit === type;
    const proto = Class.prototype as object | undefined;
    if (proto && Object.prototype.hasOwnProperty.call(proto, "name") && (proto as Error).name === type) return true;
    return Class.name === type;
  } catch {
    return false;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Absent fields stay absent: the wire, history files and deep-equality all read better. */
function compact(eo: ErrorObject): ErrorObject {
  const out: ErrorObject = {};
  if (eo.ErrorType !== undefined) out.ErrorType = eo.ErrorType;
  if (eo.ErrorMessage !== undefined) out.ErrorMessage = eo.ErrorMessage;
  if (eo.ErrorData !== undefined) out.ErrorData = eo.ErrorData;
  if (eo.StackTrace !== undefined) out.StackTrace = eo.StackTrace;
  return out;
}
