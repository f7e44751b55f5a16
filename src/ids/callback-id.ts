import { ValidationError } from "../errors/usage-errors.js";

/** The id the service issues for a callback; the external party completes the callback with it. */
export type CallbackId = string & { readonly __brand: "CallbackId" };

const MAX_LENGTH = 1024;

/**
 * Validating constructor and guard for callback ids. Only the length is checked:
 * the model's pattern is base64, but the id is opaque and issued by the service, so
 * rejecting a well-formed id from another engine would help nobody.
 */
export const CallbackId = {
  /** `s` as a CallbackId: a string of 1–1024 characters, else a ValidationError. */
  parse(s: unknown): CallbackId {
    if (typeof s !== "string") {
      throw new ValidationError(`CallbackId.parse: expected a string; got ${s === null ? "null" : typeof s}`);
    }
    if (s.length === 0) throw new ValidationError("CallbackId.parse: expected a non-empty string");
    if (s.length > MAX_LENGTH) {
      throw new ValidationError(`CallbackId.parse: it is ${s.length} characters long; the limit is ${MAX_LENGTH}`);
    }
    return s as CallbackId;
  },
  is(s: unknown): s is CallbackId {
    return typeof s === "string" && s.length > 0 && s.length <= MAX_LENGTH;
  },
};
