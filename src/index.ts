/**
 * durable-rx: AWS Lambda durable functions on RxJS. Every durable operation is a
 * cold Observable that is also awaitable; a replay answers from the checkpointed
 * history instead of doing the work twice.
 */
export { durable } from "./lambda/durable.js";
export type { DurableLambdaHandler } from "./lambda/durable.js";
export type { DurableConfig, CheckpointConfig } from "./lambda/durable-config.js";
export type { CheckpointMode } from "./checkpoint/checkpointer.js";
export type { LambdaClientLike } from "./checkpoint/ambient-client.js";
export type { LambdaContextLike } from "./lambda/lambda-context.js";

export type { DurableContext, ChildFn } from "./context/durable-context.js";
export type { DurableOperation } from "./operations/durable-operation.js";
export type { ThenableObservable } from "./operations/thenable-observable.js";
export type { StepConfig, StepContext, StepFn, StepSemantics } from "./operations/step-config.js";
export type { ChildContextConfig } from "./operations/child-context.js";
// ── callbacks and invoke ──
export type { Callback, CallbackConfig } from "./operations/callback-config.js";
export type { WaitForCallbackConfig, CallbackSubmitter } from "./operations/wait-for-callback.js";
export type { InvokeConfig } from "./operations/invoke-config.js";
// ── map and parallel ──
export { BatchResult, RecordBatchResult } from "./operations/batch/batch-result.js";
export type { BatchItem, BatchItemStatus } from "./operations/batch/batch-result.js";
export { CompletionConfig } from "./operations/batch/completion-config.js";
export type { CompletionReason } from "./operations/batch/completion-config.js";
export type {
  BatchConfig,
  MapConfig,
  MapFn,
  ParallelConfig,
  ParallelFn,
  ParallelBranch,
  NamedParallelBranch,
  BranchValue,
  BranchValues,
  ResultOf,
  MapItemFn,
} from "./operations/batch/batch-config.js";
// ── combinators, waitForCondition ──
export { AnyError } from "./operations/combinators/index.js";
export type { InputRecord, InputTuple, SettledResult, SettledOf, ValueOf, ValuesOf } from "./operations/combinators/index.js";
export { WaitStrategy } from "./operations/wait-strategy.js";
export type { WaitDecision, ExponentialWaitOptions, FixedWaitOptions } from "./operations/wait-strategy.js";
export type { ConditionCheck, WaitForConditionConfig } from "./operations/wait-for-condition-config.js";

export { Duration } from "./duration/index.js";
export type { DurationLike } from "./duration/index.js";
export { Retry } from "./retry/index.js";
export type { RetryDecision, RetryStrategy } from "./retry/index.js";
export { OperationId, ExecutionArn, CallbackId } from "./ids/index.js";

export { jsonSerdes, rawSerdes, classSerdes, customSerdes } from "./serdes/index.js";
export type { Serdes, SerdesContext, ClassSerdesOptions } from "./serdes/index.js";

export {
  DurableError,
  StepError,
  StepInterruptedError,
  StepTimeoutError,
  CallbackError,
  CallbackTimeoutError,
  InvokeError,
  ChildContextError,
  WaitForConditionError,
  NonDeterministicError,
  CheckpointError,
  ValidationError,
  SerdesError,
  LimitExceededError,
} from "./errors/index.js";
export type { ErrorClass } from "./errors/index.js";

// ── events and progress (src/events) ──
export type { DurableEvent, DurableEventType } from "./events/durable-event.js";
export type { DurableEventsOption } from "./events/event-observer.js";
export { distinctProgress } from "./events/distinct-progress.js";
export type { DurableLogger } from "./logging/context-logger.js";
export type { DurableLogSink, LogLevel } from "./logging/log-sink.js";
export type {
  ErrorObject,
  Operation,
  OperationUpdate,
  OperationStatus,
  OperationType,
  DurableExecutionInvocationInput,
  DurableExecutionInvocationOutput,
} from "./wire/types.js";
