/**
 * durable-rx/local: the durable-execution service on a laptop. For now the pure
 * engine, its in-process client and the loop that drives an execution to its end;
 * the HTTP service, the SQLite store and the dashboard build on them.
 */
export { DurableEngine, EngineError } from "./local/engine/index.js";
export { InProcessLambdaClient } from "./local/in-process-client.js";
export { runToCompletion, RunToCompletionError } from "./local/in-process-runner.js";
export type { RunToCompletionOptions, RunToCompletionResult, InvocationSummary } from "./local/in-process-runner.js";
export { VirtualClock, RealClock } from "./local/virtual-clock.js";
export type { ServiceClock } from "./local/virtual-clock.js";

// ── execution stores (src/local/store) ──
export { openStore, MemoryExecutionStore, SqliteExecutionStore } from "./local/store/index.js";
export type { ExecutionStore, SqliteStoreOptions, StoreSpec } from "./local/store/index.js";

// ── the service: scheduler, invoker, clocks, events (src/local/service) ──
export { LocalDurableService, ExecutionStuckError } from "./local/service/index.js";
export type {
  LocalDurableServiceOptions,
  FunctionSource,
  HandlerModule,
  RegisterOptions,
  LocalExecution,
  EventFilter,
  LocalServiceEvent,
  LocalServiceEventDetail,
  InvokeInput,
  InvokeOutput,
  LocalLambdaApi,
} from "./local/service/index.js";

// ── the HTTP transport (src/local/http) ──
export { createHttpServer, eventFeedFrom, DEFAULT_BODY_LIMITS } from "./local/http/index.js";
export type {
  HttpServerOptions,
  LocalHttpServer,
  BodyLimits,
  EventFeed,
  StreamedEvent,
  NumberedEventSource,
  ExecutionViews,
  ExecutionSummary,
} from "./local/http/index.js";

// ── checkpoint fault injection (src/local/checkpoint-faults.ts, docs/reliability.md) ──
export { CHECKPOINT_FAULT_KINDS } from "./local/checkpoint-faults.js";
export type { CheckpointFaultKind, CheckpointFaultOptions, InjectedFault } from "./local/checkpoint-faults.js";
