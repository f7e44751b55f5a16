/**
 * The durable-execution service engine: pure rules over plain records (no I/O, no timers,
 * no clock). See DESIGN.md "One engine, three users".
 */
export { DurableEngine } from "./engine.js";
export type { DurableEngineOptions } from "./engine-options.js";
export { EngineError, ENGINE_ERROR_STATUS, MESSAGES } from "./engine-error.js";
export type { EngineErrorName } from "./engine-error.js";
export { MemoryExecutionStore } from "../store/memory-store.js";
export type { ExecutionStore, RecordChanges, RecordWrite } from "./store.js";
export { randomIds, sequentialIds } from "./ids.js";
export type { EngineIds } from "./ids.js";
export { applyCheckpoint, DEFAULT_CHECKPOINT_CONFIG } from "./checkpoint.js";
export type { CheckpointConfig } from "./checkpoint.js";
export { beginInvocation, completeInvocation, DEFAULT_INVOCATION_CONFIG } from "./invocations.js";
export type { InvocationConfig, InvocationEnd, InvocationOutcome, InvocationStart } from "./invocations.js";
export { createExecutionRecord, stopExecution, DEFAULT_ARN_CONFIG } from "./executions.js";
export type { ArnConfig, StartExecutionParams } from "./executions.js";
export { getExecutionState } from "./state.js";
export { deadlineOf, fireDue, nextDueAt, CALLBACK_TIMED_OUT, CALLBACK_HEARTBEAT_TIMED_OUT } from "./timers.js";
export { Journal } from "./journal.js";
export { completeCallback, completeChainedInvoke, heartbeatCallback } from "./callbacks.js";
export type { CallbackOutcome, ChainedInvokeOutcome } from "./callbacks.js";
export { describeExecution, getHistory, listExecutions } from "./queries.js";
export type { ExecutionDescription, ExecutionSummary, ListQuery, PageQuery } from "./queries.js";
export { convertTimestamps, toDate, toEpochSeconds, toIso } from "./wire.js";
export type {
  ExecutionHeader,
  ExecutionRecord,
  ExecutionStatus,
  HistoryEvent,
  InvocationRecord,
  OperationEntry,
  StoredOperation,
} from "./records.js";
