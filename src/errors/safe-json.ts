import { types } from "node:util";

/*
 * Encoding helpers for values thrown by user code, which may be anything: circular
 * graphs, BigInts, throwing getters, proxies. Errors are encoded while something is
 * already failing, so none of these may throw.
 */

const MAX_DEPTH = 10;
/** Bounds the work on a huge graph (a request object with sockets); the codec truncates anyway. */
const MAX_NODES = 5_000;

/** Keys that the wire carries in their own fields, or that would only duplicate them. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(["name", "message", "stack", "cause"]);

/** A thrown value that looks like an Error (any realm, any copy): a string `name` and `message`. */
export function isErrorLike(value: unknown): value is { name: string; message: string; stack?: unknown } {
  try {
    if (typeof value !== "object" || value === null) return false;
    const v = value as { name?: unknown; message?: unknown };
    return typeof v.name === "string" && typeof v.message === "string";
  } catch {
    return false; // a hostile proxy or getter
  }
}

/** JSON text of `value`, or `undefined` when it has no JSON form. Never throws. */
export function safeJsonStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(toJsonSafe(value, [], { nodes: 0 }));
  } catch {
    return undefined;
  }
}

/**
 * JSON of an error's own enumerable properties other than name, message, stack and
 * cause (`code: "E42"`, nested objects), or `undefined` when there are none.
 */
export function ownDataJson(error: object): string | undefined {
  try {
    const budget = { nodes: 0 };
    const data: Record<string, unknown> = Object.create(null);
    let any = false;
    for (const key of Object.keys(error)) {
      if (RESERVED_KEYS.has(key)) continue;
      const v = toJsonSafe(readKey(error, key), [error], budget);
      if (v === undefined) continue;
      data[key] = v;
      any = true;
    }
    return any ? JSON.stringify(data) : undefined;
  } catch {
    return undefined;
  }
}

/** A readable one-line rendering of a thrown value that is not an Error. Never throws. */
export function renderThrown(value: unknown): string {
  try {
    switch (typeof value) {
      case "string":
        return value;
      case "undefined":
        return "undefined";
      case "function":
        return value.name ? `[Function: ${value.name}]` : "[Function (anonymous)]";
      case "symbol":
        return value.toString();
      case "object":
        if (value === null) return "null";
        return safeJsonStringify(value) ?? Object.prototype.toString.call(value);
      default:
        return String(value);
    }
  } catch {
    return "[unrenderable thrown value]";
  }
}

function readKey(holder: object, key: string): unknown {
  try {
    return (holder as Record<string, unknown>)[key];
  } catch {
    return "[Unreadable]";
  }
}

/** A JSON-ready copy of `value`: what `JSON.stringify` would keep, minus everything that makes it throw. */
function toJsonSafe(value: unknown, ancestors: object[], budget: { nodes: number }): unknown {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      return undefined; // undefined, functions and symbols have no JSON form
  }
  if (value === null) return null;
  if (ancestors.includes(value)) return "[Circular]";
  if (ancestors.length >= MAX_DEPTH || ++budget.nodes > MAX_NODES) return "[Truncated]";
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    let plain: unknown;
    try {
      plain = toJSON.call(value);
    } catch {
      return "[Unserializable]";
    }
    return plain === value ? "[Circular]" : toJsonSafe(plain, [...ancestors, value], budget);
  }
  const inner = [...ancestors, value];
  if (Array.isArray(value)) return value.map((item) => toJsonSafe(item, inner, budget) ?? null);
  // A null-prototype copy: a key named "__proto__" stays a plain key.
  const out: Record<string, unknown> = Object.create(null);
  if (types.isNativeError(value) || isErrorLike(value)) {
    const e = value as { name: unknown; message: unknown };
    out.name = readKey(e, "name");
    out.message = readKey(e, "message");
  }
  for (const key of Object.keys(value)) {
    const v = toJsonSafe(readKey(value, key), inner, budget);
    if (v !== undefined) out[key] = v;
  }
  return out;
}
