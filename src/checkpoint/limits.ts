/** Service and SDK limits in one place (PROTOCOL.md §2.2, §8). */
export const LIMITS = {
  /** Updates per checkpoint request (the official SDK 2.4.0 caps at 250). */
  maxBatchOperations: 250,
  /** Estimated bytes per checkpoint request (750 KiB, as the official SDK). */
  maxBatchBytes: 750 * 1024,
  /** Largest invocation response: 6 MiB less 50 bytes of envelope (PROTOCOL.md §1.2). */
  maxResponseBytes: 6 * 1024 * 1024 - 50,
  /** Largest Payload the model accepts on any update. */
  maxPayloadBytes: 6_291_456,
  /** Largest result an operation other than EXECUTION may checkpoint (docs: 1 MB). */
  maxOperationPayloadBytes: 1024 * 1024,
  /** A child context result above this is not stored; the children replay instead. */
  replayChildrenThresholdBytes: 256 * 1024,
  /** Durations on the wire: 1 s to 366 days. */
  minDurationSeconds: 1,
  maxDurationSeconds: 31_622_400,
  /** Page size when loading state. */
  statePageSize: 1000,
} as const;

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8");
