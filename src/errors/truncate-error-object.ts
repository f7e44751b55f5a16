import type { ErrorObject } from "../wire/types.js";

/**
 * Default byte budget of an encoded ErrorObject. The service rejects an update that
 * carries Error above 32,768 bytes (PROTOCOL.md §2.4); the rest of the update (ids,
 * a 256-character name, options) needs far less than the 2,768 bytes left over.
 */
export const DEFAULT_MAX_ERROR_OBJECT_BYTES = 30_000;

/** Marks a shortened ErrorData or ErrorMessage. */
export const TRUNCATION_SUFFIX = "… [truncated]";

const bytes = (eo: ErrorObject): number => Buffer.byteLength(JSON.stringify(eo), "utf8");

/**
 * Shrinks `eo` until `JSON.stringify(eo)` fits in `maxBytes` (UTF-8): stack frames go
 * first (the bottom ones, least useful), then ErrorData, then ErrorMessage, then, for
 * a pathological name, ErrorType. Returns `eo` unchanged when it already fits.
 */
export function truncateErrorObject(eo: ErrorObject, maxBytes: number): ErrorObject {
  if (bytes(eo) <= maxBytes) return eo;
  let out = dropFrames({ ...eo }, maxBytes);
  for (const key of ["ErrorData", "ErrorMessage", "ErrorType"] as const) {
    if (bytes(out) <= maxBytes) return out;
    out = shorten(out, key, maxBytes);
  }
  // Only a budget smaller than the field names themselves gets here.
  return bytes(out) <= maxBytes ? out : {};
}

function dropFrames(eo: ErrorObject, maxBytes: number): ErrorObject {
  const frames = eo.StackTrace;
  if (!frames || frames.length === 0) return without(eo, "StackTrace");
  // Cost of each frame inside the JSON array, counted once instead of re-serializing per drop.
  let excess = bytes(eo) - maxBytes;
  let keep = frames.length;
  while (keep > 0 && excess > 0) {
    keep -= 1;
    excess -= Buffer.byteLength(JSON.stringify(frames[keep]), "utf8") + 1;
  }
  if (keep === 0) return without(eo, "StackTrace");
  const kept = { ...eo, StackTrace: [...frames.slice(0, keep), `... ${frames.length - keep} more frames truncated`] };
  // The marker line itself may not fit; then one more frame goes.
  return bytes(kept) <= maxBytes ? kept : dropFrames({ ...eo, StackTrace: frames.slice(0, keep - 1) }, maxBytes);
}

function shorten(eo: ErrorObject, key: "ErrorData" | "ErrorMessage" | "ErrorType", maxBytes: number): ErrorObject {
  const text = eo[key];
  if (text === undefined) return eo;
  const bare = without(eo, key);
  const room = maxBytes - bytes({ ...bare, [key]: TRUNCATION_SUFFIX });
  // Not even the suffix fits: ErrorData is optional and goes; the others keep what they can.
  if (room < 0) return key === "ErrorData" ? bare : { ...bare, [key]: "" };
  // Every character costs at least one byte, so `room` characters bound the search.
  let lo = 0;
  let hi = Math.min(text.length, room);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (bytes({ ...bare, [key]: cut(text, mid) + TRUNCATION_SUFFIX }) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return { ...bare, [key]: cut(text, lo) + TRUNCATION_SUFFIX };
}

/** The first `n` UTF-16 units of `text`, never ending inside a surrogate pair. */
function cut(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, n - 1) : text.slice(0, n);
}

function without(eo: ErrorObject, key: keyof ErrorObject): ErrorObject {
  const { [key]: _dropped, ...rest } = eo;
  return rest;
}
