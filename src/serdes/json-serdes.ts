import type { Serdes } from "./serdes.js";

/**
 * The default serdes, JSON as the official SDK stores it (PROTOCOL.md §10):
 * `undefined` ↔ no payload, `null` ↔ `"null"`, anything else `JSON.stringify` /
 * `JSON.parse`. Typed `Serdes<any>` so that it fits every operation's `T`; JSON
 * cannot check that type, only a validating serdes can.
 */
export const jsonSerdes: Serdes<any> = {
  serialize: (value) => (value === undefined ? undefined : JSON.stringify(value)),
  // "" is no JSON text and nothing serializes to it; the service uses it for "not stored" (§1.3, §5.4).
  deserialize: (data) => (data === undefined || data === "" ? undefined : JSON.parse(data)),
};
