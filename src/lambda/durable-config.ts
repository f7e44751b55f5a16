import { boolean, enums, func, integer, literal, max, min, number, object, optional, type, union } from "superstruct";
import type { LambdaClientLike } from "../checkpoint/ambient-client.js";
import type { CheckpointMode } from "../checkpoint/checkpointer.js";
import { LIMITS } from "../checkpoint/limits.js";
import type { DurableLogSink, LogLevel } from "../logging/log-sink.js";
import type { Serdes } from "../serdes/index.js";
import type { DurableEventsOption } from "../events/event-observer.js";

export interface CheckpointConfig {
  /** `eager` (default), `batched` or `optimistic`: see docs/checkpointing.md. */
  mode?: CheckpointMode;
  /** batched mode: at most how long an idle queue waits for more updates, and only while other work runs (ms, default 10). */
  windowMs?: number;
  /** Updates per request, at most 250. */
  maxBatchOperations?: number;
  /** Estimated bytes per request, at most 750 KiB. */
  maxBatchBytes?: number;
}

/** The second argument of `durable(handler, config)`. */
export interface DurableConfig {
  checkpoint?: CheckpointConfig;
  /** A `LambdaClient`, or anything with its `send(command)`; default: the local service's, else one from the environment. */
  client?: LambdaClientLike;
  /** Where log lines go (console, Powertools Logger, …); default JSON lines honouring AWS_LAMBDA_LOG_LEVEL. */
  logger?: DurableLogSink;
  logLevel?: LogLevel;
  /** The default serdes of operations that name none. */
  serdes?: Serdes<unknown>;
  /** `fail` (default) fails the execution; `retry-invocation` leaves it for a fixed deployment. */
  onNonDeterminism?: "fail" | "retry-invocation";
  /** Development-mode warnings; on by default outside Lambda. */
  dev?: boolean;
  /**
   * Forwards every event of every invocation (as `ctx.events$` has them): `"log"` writes
   * one line per event through `logger`; a function or an Observer (a Subject feeding
   * your dashboard) gets each one by `next`, never `complete` (see docs/events.md).
   */
  events?: DurableEventsOption;
  /**
   * Graceful termination: this many milliseconds before Lambda's timeout (read from
   * `lambdaContext.getRemainingTimeInMillis()`) the invocation stops starting work,
   * records each running step as an interrupted attempt, flushes and ends (ADR 0028).
   * Default: 2,000, at most a quarter of the time the invocation began with; 0 turns it off.
   */
  terminationMarginMs?: number;
}

export const DurableConfigStruct = object({
  checkpoint: optional(
    object({
      mode: optional(enums(["eager", "batched", "optimistic"])),
      windowMs: optional(min(max(number(), 60_000), 0)),
      maxBatchOperations: optional(min(max(integer(), LIMITS.maxBatchOperations), 1)),
      maxBatchBytes: optional(min(max(integer(), LIMITS.maxBatchBytes), 1024)),
    }),
  ),
  client: optional(type({ send: func() })),
  logger: optional(type({ debug: func(), info: func(), warn: func(), error: func() })),
  logLevel: optional(enums(["debug", "info", "warn", "error", "silent"])),
  serdes: optional(type({ serialize: func(), deserialize: func() })),
  onNonDeterminism: optional(enums(["fail", "retry-invocation"])),
  dev: optional(boolean()),
  events: optional(union([literal("log"), func(), type({ next: optional(func()) })])),
  terminationMarginMs: optional(min(max(integer(), 900_000), 0)),
  scheduleCheck: optional(func()),
});
