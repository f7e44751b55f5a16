/**
 * The local durable-execution service: scheduler, invoker, clocks and events over the
 * engine and a store, answering the Lambda API in process (LocalLambdaApi) and over HTTP.
 */
export { LocalDurableService } from "./local-durable-service.js";
export type { LocalDurableServiceOptions } from "./service-options.js";
export type { FunctionSource, HandlerModule, RegisterOptions } from "./function-registry.js";
export type { LocalExecution } from "./execution-view.js";
export { ExecutionStuckError } from "./end-waiters.js";
export type { EventFilter } from "./event-log.js";
export type { LocalServiceEvent, LocalServiceEventDetail } from "./history-to-event.js";
export type { InvokeInput, InvokeOutput, LocalLambdaApi } from "./lambda-api.js";
