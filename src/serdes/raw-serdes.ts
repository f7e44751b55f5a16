import type { Serdes } from "./serdes.js";

/**
 * Strings as they are: the payload is the value. For callback results (which an
 * external party sends as raw bytes) and for payloads that are already encoded.
 * An absent payload reads as `undefined`.
 */
export const rawSerdes: Serdes<string> = {
  serialize: (value) => value,
  // The payload of a string value is never absent; `undefined` only comes back for "no payload".
  deserialize: (data) => data as string,
};
