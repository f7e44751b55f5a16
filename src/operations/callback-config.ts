import { any, func, object, optional, type } from "superstruct";
import { LIMITS } from "../checkpoint/limits.js";
import { durationSeconds, type DurationLike } from "../duration/index.js";
import type { CallbackId } from "../ids/index.js";
import { jsonSerdes, type Serdes } from "../serdes/index.js";
import type { OperationUpdate } from "../wire/types.js";
import type { DurableOperation } from "./durable-operation.js";

/**
 * What `createCallback` emits once the service has issued the id: hand `callbackId` to
 * the party that will answer (an approver, a webhook), then subscribe to or await
 * `result`, which blocks until the service records the answer.
 */
export interface Callback<T> {
  /** The id the external party completes the callback with (SendDurableExecutionCallbackSuccess/Failure). */
  readonly callbackId: CallbackId;
  /**
   * The answer: the deserialized result, or a `CallbackError` (the party reported a
   * failure, or the result does not deserialize) or a `CallbackTimeoutError`. Cold:
   * nothing blocks until it is subscribed or awaited.
   */
  readonly result: DurableOperation<T>;
}

export interface CallbackConfig<T> {
  /** How long the service waits for the answer (whole seconds, 1 s to 1 year); no limit by default. */
  timeout?: DurationLike;
  /** The longest silence between heartbeats before the callback times out; none by default. */
  heartbeatTimeout?: DurationLike;
  /**
   * Turns the string the external party sent into `T`. Default: JSON (`jsonSerdes`),
   * unlike the official SDK, which hands back the raw string; `rawSerdes` gives the
   * string as sent (ADR 0017).
   */
  serdes?: Serdes<T>;
}

export const CallbackConfigStruct = object({
  timeout: optional(any()),
  heartbeatTimeout: optional(any()),
  // type(): a serdes may be a class instance or carry fields of its own.
  serdes: optional(type({ serialize: func(), deserialize: func() })),
});

/** A callback's configuration, checked and turned into what the START carries. */
export interface CallbackPlan<T> {
  readonly options: NonNullable<OperationUpdate["CallbackOptions"]>;
  readonly serdes: Serdes<T>;
}

/**
 * Converts the durations to the wire's whole seconds (validated at call time). With
 * neither given, the START carries `CallbackOptions: {}`, as the official SDK's does.
 */
export function callbackPlan<T>(config: CallbackConfig<T>, where: string): CallbackPlan<T> {
  const seconds = (d: DurationLike | undefined, what: string) =>
    d === undefined
      ? undefined
      : durationSeconds(d, { min: LIMITS.minDurationSeconds, max: LIMITS.maxDurationSeconds, what: `${where} ${what}` });
  const options: CallbackPlan<T>["options"] = {};
  const timeout = seconds(config.timeout, "timeout");
  const heartbeat = seconds(config.heartbeatTimeout, "heartbeatTimeout");
  if (timeout !== undefined) options.TimeoutSeconds = timeout;
  if (heartbeat !== undefined) options.HeartbeatTimeoutSeconds = heartbeat;
  // Callback answers come from outside, never through the handler's own serdes (ADR 0017).
  return { options, serdes: config.serdes ?? (jsonSerdes as Serdes<T>) };
}
