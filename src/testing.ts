/** durable-rx/testing: helpers for testing durable workflows. */
export { DurableEngine } from "./local/engine/index.js";
export { InProcessLambdaClient } from "./local/in-process-client.js";
export { runToCompletion } from "./local/in-process-runner.js";
export {
  historyOf,
  invocationEvent,
  executionStarted,
  succeededStep,
  failedStep,
  startedStep,
  pendingStep,
  startedWait,
  succeededWait,
  startedContext,
  succeededContext,
  failedContext,
  TEST_EXECUTION_ARN,
} from "./testing/history-builders.js";
// ── callbacks and invoke ──
export {
  testCallbackId,
  startedCallback,
  succeededCallback,
  failedCallback,
  timedOutCallback,
  startedInvoke,
  succeededInvoke,
  failedInvoke,
} from "./testing/history-builders.js";
export type { OperationOptions } from "./testing/history-builders.js";
