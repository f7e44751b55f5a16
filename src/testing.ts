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
// ── combinators, waitForCondition, cancelWait ──
export { decidedRace, conditionStep, cancelledWait } from "./testing/history-builders.js";
export type { OperationOptions } from "./testing/history-builders.js";
// ── replay checks and recorded histories ──
export { replayCheck, assertReplays, ReplayCheckError } from "./testing/replay-check.js";
export type { ReplayCheckOptions, ReplayCheckResult } from "./testing/replay-check.js";
export type { ReplayFinding, OperationShape, CheckedSnapshot } from "./testing/replay-check-report.js";
export { readHistory } from "./testing/recorded-history.js";
export type { RecordedHistory, HistoryInput, HistoryEventRecord } from "./testing/recorded-history.js";
export { historyFromEngine, fetchHistory, saveHistory, loadHistory } from "./testing/history-file.js";
export { historySnapshots } from "./testing/history-snapshots.js";
export type { HistorySnapshot, RecordedStatus } from "./testing/history-snapshots.js";
// ── marble testing ──
export { durableMarbles } from "./testing/marbles/durable-marbles.js";
export type { DurableRunHelpers, DurableMarblesOptions, InvocationOptions } from "./testing/marbles/durable-marbles.js";
export type { MarbleExecution, MarbleInvocation, ExecuteOptions } from "./testing/marbles/marble-execution.js";
export type { Workflow } from "./testing/marbles/virtual-invocation.js";
export type { CheckpointRequest } from "./testing/marbles/virtual-port.js";
export { MarbleUsageError } from "./testing/marbles/marble-errors.js";
export { parseServiceTime } from "./testing/marbles/service-time.js";
export type { FrameMessage } from "./testing/marbles/service-time.js";
export { seedExecution } from "./testing/marbles/seed-execution.js";
// ── LocalTestRunner (src/testing/local-test-runner*.ts, test-result*.ts) ──
export { LocalTestRunner, RunnerCallbacks } from "./testing/local-test-runner.js";
export type { CallbackSelector, RunnerClockControl } from "./testing/local-test-runner.js";
export type { LocalTestRunnerOptions, LocalTestRunnerLimits, RunOptions } from "./testing/local-test-runner-options.js";
export { RunningExecution } from "./testing/local-test-runner-running.js";
export { CallbackHandle } from "./testing/local-test-runner-callbacks.js";
export type { CallbackAnswer, StartedCallback } from "./testing/local-test-runner-callbacks.js";
export type { WaitForOperationOptions } from "./testing/local-test-runner-operations.js";
export { LocalTestRunnerError } from "./testing/local-test-runner-error.js";
export type { LocalTestRunnerErrorReason } from "./testing/local-test-runner-error.js";
export { stubFunction } from "./testing/local-test-runner-functions.js";
export type { StubHandler } from "./testing/local-test-runner-functions.js";
export { TestResult } from "./testing/test-result.js";
export type { TestResultStatus } from "./testing/test-result.js";
export { TestOperation } from "./testing/test-result-operation.js";
