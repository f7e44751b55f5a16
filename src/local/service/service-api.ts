import type { DurableEngine } from "../engine/engine.js";
import { functionArn } from "../engine/executions.js";
import type { ExecutionRecord, ExecutionStatus } from "../engine/records.js";
import type { ServiceClock } from "../virtual-clock.js";
import { parseFunctionName } from "./chained-invokes.js";
import { ExecutionStuckError } from "./end-waiters.js";
import type { FunctionRegistry } from "./function-registry.js";
import type { InvokeInput, InvokeOutput, LocalLambdaApi } from "./lambda-api.js";

export interface ServiceApiDeps {
  engine: DurableEngine;
  clock: ServiceClock;
  registry: FunctionRegistry;
  /** Resolves with the record once the execution has ended. */
  waitForEnd(arn: string): Promise<ExecutionRecord>;
}

/**
 * The Lambda API over the service's engine (the LocalLambdaApi seam the HTTP layer
 * calls). Every change goes through the engine and so through the observed store,
 * which wakes the scheduler: a callback sent here resumes its execution at once.
 */
export function createServiceApi(deps: ServiceApiDeps): LocalLambdaApi {
  const { engine, clock } = deps;
  return {
    invoke: (input) => invoke(deps, input),
    async checkpointDurableExecution(input) {
      return engine.checkpoint(input, clock.now());
    },
    async getDurableExecutionState(input) {
      return engine.getExecutionState(input);
    },
    async getDurableExecution(input) {
      return { ...engine.describeExecution(input.DurableExecutionArn, input.IncludeExecutionData !== false) };
    },
    async getDurableExecutionHistory({ DurableExecutionArn, ...query }) {
      return engine.getHistory(DurableExecutionArn, query);
    },
    async listDurableExecutionsByFunction(input) {
      return engine.listExecutions({ ...input, Statuses: input.Statuses as ExecutionStatus[] | undefined });
    },
    async stopDurableExecution(input) {
      return engine.stopExecution(input.DurableExecutionArn, input.Error, clock.now());
    },
    async sendDurableExecutionCallbackSuccess(input) {
      engine.succeedCallback(input.CallbackId, input.Result, clock.now());
      return {};
    },
    async sendDurableExecutionCallbackFailure(input) {
      engine.failCallback(input.CallbackId, input.Error, clock.now());
      return {};
    },
    async sendDurableExecutionCallbackHeartbeat(input) {
      engine.heartbeatCallback(input.CallbackId, clock.now());
      return {};
    },
  };
}

/**
 * Invoke starts an execution (PROTOCOL.md §15 "Starting an execution", ADR 0016): the
 * function must be registered; the same DurableExecutionName with the same payload is
 * the same execution, another payload a 409. `Event` answers 202 at once;
 * `RequestResponse` (the default) answers 200 once the execution has ended, with its
 * result as the payload, or Lambda's function-error shape and `FunctionError: "Unhandled"`
 * when it did not succeed (`ExecutionStuckError` when it cannot finish by itself, ADR
 * 0013); `DryRun` checks the request and answers 204, starting nothing.
 */
async function invoke(deps: ServiceApiDeps, input: InvokeInput): Promise<InvokeOutput> {
  const { engine, clock, registry } = deps;
  const target = parseFunctionName(input.FunctionName);
  const qualifier = input.Qualifier ?? target.qualifier ?? "$LATEST";
  const fn = registry.require(target.functionName, functionArn(engine.arnConfig, target.functionName, qualifier));
  if (input.InvocationType === "DryRun") return { StatusCode: 204, DurableExecutionArn: "" };
  const { arn } = engine.startExecution(
    {
      functionName: target.functionName,
      qualifier,
      name: input.DurableExecutionName,
      input: input.Payload === "" ? undefined : input.Payload,
      executionTimeoutSeconds: fn.executionTimeoutSeconds,
    },
    clock.now(),
  );
  if (input.InvocationType === "Event") return { StatusCode: 202, DurableExecutionArn: arn };
  const answer: InvokeOutput = { StatusCode: 200, DurableExecutionArn: arn, ExecutedVersion: qualifier };
  let record: ExecutionRecord;
  try {
    record = await deps.waitForEnd(arn);
  } catch (error) {
    if (!(error instanceof ExecutionStuckError)) throw error;
    // The caller gets an answer, as from a function that did not return; the execution stays RUNNING.
    const payload = { errorType: error.name, errorMessage: error.message, waitingFor: error.waitingFor };
    return { ...answer, Payload: JSON.stringify(payload), FunctionError: "Unhandled" };
  }
  if (record.status === "SUCCEEDED") return { ...answer, Payload: record.result ?? "null" };
  const error = record.error ?? {};
  const payload = {
    errorType: error.ErrorType ?? `Execution${record.status === "TIMED_OUT" ? "TimedOut" : record.status === "STOPPED" ? "Stopped" : "Failed"}`,
    errorMessage: error.ErrorMessage ?? `The durable execution ended ${record.status}.`,
    ...(error.ErrorData === undefined ? {} : { errorData: error.ErrorData }),
    ...(error.StackTrace === undefined ? {} : { trace: error.StackTrace }),
  };
  return { ...answer, Payload: JSON.stringify(payload), FunctionError: "Unhandled" };
}
