import { randomBytes, randomUUID } from "node:crypto";

/**
 * Where the engine's identifiers come from. Injected so the rules stay pure and tests
 * can make every id, token and callback id deterministic.
 */
export interface EngineIds {
  /** A unique id matching `[A-Za-z0-9-]{1,36}`: execution ids and names, request ids, the EXECUTION operation id. */
  uuid(): string;
  /** Unguessable text mixed into tokens and callback ids (any characters; it gets base64-encoded). */
  nonce(): string;
}

/** Production ids: random UUIDs and 96-bit nonces. */
export function randomIds(): EngineIds {
  return {
    uuid: () => randomUUID(),
    nonce: randomNonces(),
  };
}

const NONCE_BYTES = 12;
const POOL_BYTES = NONCE_BYTES * 341;

/**
 * 96-bit nonces cut from a pool of random bytes refilled 4 KiB at a time: a checkpoint
 * issues one, and asking the CSPRNG for 12 bytes each time cost a tenth of a checkpoint.
 */
function randomNonces(): () => string {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + NONCE_BYTES > pool.length) {
      pool = randomBytes(POOL_BYTES);
      offset = 0;
    }
    offset += NONCE_BYTES;
    return pool.toString("hex", offset - NONCE_BYTES, offset);
  };
}

/** Deterministic ids for tests: `<prefix>1`, `<prefix>2`, ... and counting nonces. */
export function sequentialIds(prefix = "id-"): EngineIds {
  let next = 0;
  let nonce = 0;
  return {
    uuid: () => `${prefix}${++next}`,
    nonce: () => `n${++nonce}`,
  };
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const toBase64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");

/** True when `value` matches the model's token pattern (CheckpointToken, CallbackId). */
export function isBase64Token(value: unknown, maxLength: number): value is string {
  return typeof value === "string" && value.length >= 1 && value.length <= maxLength && BASE64.test(value);
}

/**
 * A checkpoint token: opaque to callers, base64 so it matches `[A-Za-z0-9+/]+={0,2}`.
 * Its content only has to be unique; the engine compares tokens, it never parses them.
 */
export function newCheckpointToken(executionId: string, invocation: number, seq: number, ids: EngineIds): string {
  return toBase64(`${executionId}:${invocation}:${seq}:${ids.nonce()}`);
}

interface CallbackIdContent {
  a: string;
  o: string;
  n: string;
}

/**
 * A callback id names its execution, so a store keyed by ARN can find the record from
 * the id alone (the callback APIs carry nothing else). Base64 of JSON, well under the
 * model's 1,024 characters for any ARN this engine builds.
 */
export function newCallbackId(arn: string, operationId: string, ids: EngineIds): string {
  const content: CallbackIdContent = { a: arn, o: operationId, n: ids.nonce() };
  return toBase64(JSON.stringify(content));
}

/** The ARN and operation id inside a callback id, or `undefined` when it is not one of ours. */
export function decodeCallbackId(callbackId: string): { arn: string; operationId: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(callbackId, "base64").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { a, o } = parsed as Partial<CallbackIdContent>;
    return typeof a === "string" && typeof o === "string" ? { arn: a, operationId: o } : undefined;
  } catch {
    return undefined;
  }
}
