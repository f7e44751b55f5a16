import { fromErrorObject, toErrorObject } from "../../errors/index.js";
import type { ErrorObject } from "../../wire/types.js";

/** An ErrorObject with the error's `cause` chain, as the official SDK 2.4.0 stores batch errors. */
export interface ItemErrorObject extends ErrorObject {
  Cause?: ItemErrorObject;
}

/** Deep enough for item → step → original error, with room for a user's own wrapping. */
const MAX_DEPTH = 4;
/** Per error of the chain: a batch of many failures must stay a batch, not a megabyte of stacks. */
const MAX_BYTES_PER_ERROR = 8 * 1024;

/**
 * Encodes an item's error with the error codec, cause by cause, so that a batch
 * result read back from the history holds the same errors the live run delivered:
 * same class, message and data all the way down (the official SDK 1.0.0 lost them).
 */
export function encodeItemError(error: Error, depth = 0): ItemErrorObject {
  const encoded: ItemErrorObject = toErrorObject(error, { maxBytes: MAX_BYTES_PER_ERROR });
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && depth + 1 < MAX_DEPTH) encoded.Cause = encodeItemError(cause, depth + 1);
  return encoded;
}

/** The inverse of {@link encodeItemError}: durable-rx's own classes come back as themselves, others as their built-in kind. */
export function decodeItemError(encoded: ItemErrorObject | undefined): Error {
  const error = fromErrorObject(encoded, { fallback: (_message, init) => withOwnData(init.cause, init.errorData) });
  if (encoded?.Cause !== undefined) {
    // A native `cause` is an own, non-enumerable property.
    Object.defineProperty(error, "cause", { value: decodeItemError(encoded.Cause), writable: true, enumerable: false, configurable: true });
  }
  return error;
}

const RESERVED = new Set(["name", "message", "stack", "cause", "__proto__"]);

/** A foreign error's own properties come back from its ErrorData, as the error codec does for step errors. */
function withOwnData(error: Error, data: string | undefined): Error {
  if (data === undefined) return error;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return error;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return error;
  for (const [key, value] of Object.entries(parsed)) {
    if (!RESERVED.has(key)) Object.defineProperty(error, key, { value, writable: true, enumerable: true, configurable: true });
  }
  return error;
}

/** What a replay will deliver for `error`: the live result runs it through the same codec. */
export function asReplayed(error: Error): Error {
  return decodeItemError(encodeItemError(error));
}
