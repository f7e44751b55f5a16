import { DurableEngine, sequentialIds } from "../../../src/local/engine/index.js";
import type { LocalLambdaApi } from "../../../src/local/service/lambda-api.js";

/**
 * A LocalLambdaApi straight over a DurableEngine, with no invoker: Invoke only starts
 * the execution (answering 202 for Event and 200 with an empty payload otherwise), so a
 * test drives invocations itself through `engine.beginInvocation`. Enough to exercise
 * the HTTP translation of every operation without the scheduler.
 */
export function engineApi(engine = new DurableEngine({ ids: sequentialIds() }), clock: () => number = Date.now): LocalLambdaApi {
  return {
    async invoke(input) {
      const { arn } = engine.startExecution(
        { functionName: input.FunctionName, qualifier: input.Qualifier, name: input.DurableExecutionName, input: input.Payload },
        clock(),
      );
      const status = input.InvocationType === "Event" ? 202 : input.InvocationType === "DryRun" ? 204 : 200;
      return { StatusCode: status, DurableExecutionArn: arn, Payload: status === 200 ? "null" : undefined };
    },
    async checkpointDurableExecution(input) {
      return engine.checkpoint(input, clock());
    },
    async getDurableExecutionState(input) {
      return engine.getExecutionState(input);
    },
    async getDurableExecution(input) {
      return { ...engine.describeExecution(input.DurableExecutionArn, input.IncludeExecutionData !== false) };
    },
    async getDurableExecutionHistory(input) {
      return engine.getHistory(input.DurableExecutionArn, input);
    },
    async listDurableExecutionsByFunction(input) {
      return engine.listExecutions(input as Parameters<DurableEngine["listExecutions"]>[0]);
    },
    async stopDurableExecution(input) {
      return engine.stopExecution(input.DurableExecutionArn, input.Error, clock());
    },
    async sendDurableExecutionCallbackSuccess(input) {
      engine.succeedCallback(input.CallbackId, input.Result, clock());
      return {};
    },
    async sendDurableExecutionCallbackFailure(input) {
      engine.failCallback(input.CallbackId, input.Error, clock());
      return {};
    },
    async sendDurableExecutionCallbackHeartbeat(input) {
      engine.heartbeatCallback(input.CallbackId, clock());
      return {};
    },
  };
}
