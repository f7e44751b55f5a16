import * as crypto from "node:crypto";
import { ValidationError } from "../errors/usage-errors.js";

/** A wire operation id: the first 16 hex characters of md5 of the hierarchical raw id. */
export type OperationId = string & { readonly __brand: "OperationId" };

/** The model's `OperationId` shape: 1–64 of `[a-zA-Z0-9-_]` (PROTOCOL.md §2.2). */
const OPERATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The wire id of a raw hierarchical id such as `"3-1"` (PROTOCOL.md §4):
 * `"1"` → `c4ca4238a0b92382`, `"3-1"` → `c9e6e7b69f98f516`. md5 is the service's
 * choice of a short, stable name, not a security measure.
 */
export function hashOperationId(rawId: string): OperationId {
  return md5Hex(rawId).slice(0, 16) as OperationId;
}

// The one-shot `crypto.hash` (Node ≥ 20.12) is about 3× cheaper than a Hash object per id,
// and a replay hashes every operation id once; older runtimes take the Hash object.
const md5Hex: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("md5", text, "hex")
    : (text) => crypto.createHash("md5").update(text).digest("hex");

/** Validating constructor and guard for wire operation ids (e.g. from `cancelWait(id)`). */
export const OperationId = {
  /** `s` as an OperationId; a ValidationError when it is not 1–64 of `[a-zA-Z0-9-_]`. */
  parse(s: unknown): OperationId {
    if (OperationId.is(s)) return s;
    throw new ValidationError(`OperationId.parse: expected 1–64 characters of [a-zA-Z0-9-_]; got ${describe(s)}`);
  },
  is(s: unknown): s is OperationId {
    return typeof s === "string" && OPERATION_ID.test(s);
  },
};

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : typeof value;
}
