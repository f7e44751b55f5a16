import { LimitExceededError } from "../errors/usage-errors.js";
import type { OperationUpdate } from "../wire/types.js";

/** Service and SDK limits in one place (PROTOCOL.md §2.2, §8; docs/limits.md; ADR 0029). */
export const LIMITS = {
  /** Updates per checkpoint request (the official SDK 2.4.0 caps at 250). */
  maxBatchOperations: 250,
  /** Estimated bytes per checkpoint request (750 KiB, as the official SDK). */
  maxBatchBytes: 750 * 1024,
  /** Largest invocation response: 6 MiB less 50 bytes of envelope (PROTOCOL.md §1.2). */
  maxResponseBytes: 6 * 1024 * 1024 - 50,
  /** Largest Payload the model accepts on any update. */
  maxPayloadBytes: 6_291_456,
  /**
   * Largest result an operation other than EXECUTION may checkpoint. The docs say "1 MB";
   * they say "6 MB" for what the model enforces as 6,291,456 bytes, so MB means MiB (ADR 0029).
   */
  maxOperationPayloadBytes: 1024 * 1024,
  /** An update carrying an Error, as JSON (the official emulator's check; the docs allow 1 MB). */
  maxErrorUpdateBytes: 32_768,
  /** A child context result above this is not stored; the children replay instead. */
  replayChildrenThresholdBytes: 256 * 1024,
  /** What SendDurableExecutionCallbackSuccess may carry (the model's BinaryOperationPayload). */
  maxCallbackResultBytes: 262_144,
  /** Operations one execution's history may hold, the EXECUTION operation included. */
  maxHistoryOperations: 25_000,
  /** Share of `maxHistoryOperations` at which an invocation warns that the end is near. */
  historyWarningRatio: 0.8,
  /** Durations on the wire: 1 s to 366 days. */
  minDurationSeconds: 1,
  maxDurationSeconds: 31_622_400,
  /** Page size when loading state. */
  statePageSize: 1000,
} as const;

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/** True when `text` is longer than `maxBytes` in UTF-8, measuring only when it could be. */
export function exceedsBytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return utf8Bytes(text) > maxBytes;
}

/**
 * The last check before an update is queued: a payload or an error the service would
 * reject. Every operation checks its own payload earlier, where the user can catch the
 * error; this guards whatever gets past (a `summary` too large, a new code path), so the
 * service never has to refuse a request, which would fail the execution far from its cause.
 */
export function updateOverLimit(update: OperationUpdate): LimitExceededError | undefined {
  const what = `${update.Type} ${update.Name === undefined ? update.Id : JSON.stringify(update.Name)} (${update.Action})`;
  const payloadLimit = update.Type === "EXECUTION" ? LIMITS.maxPayloadBytes : LIMITS.maxOperationPayloadBytes;
  if (typeof update.Payload === "string" && exceedsBytes(update.Payload, payloadLimit)) {
    return new LimitExceededError(
      `${what}: the payload is ${utf8Bytes(update.Payload)} bytes; the limit is ${payloadLimit}. Store large data elsewhere (S3) and checkpoint a reference.`,
    );
  }
  if (update.Error !== undefined) {
    const bytes = utf8Bytes(JSON.stringify(update));
    if (bytes > LIMITS.maxErrorUpdateBytes) {
      return new LimitExceededError(`${what}: the update carrying the error is ${bytes} bytes as JSON; the limit is ${LIMITS.maxErrorUpdateBytes}.`);
    }
  }
  return undefined;
}
