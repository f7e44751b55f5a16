import { contextLogger, type DurableLogger } from "../logging/context-logger.js";
import type { OperationRuntime } from "./operation-runtime.js";
import type { StepContext } from "./step-config.js";

/**
 * The context a step body or a `waitForCondition` check gets. Its signal and logger are
 * made on first use: a trivial body reads neither, and making them for every attempt
 * was a measurable share of a sequential step's cost.
 */
export function stepContext(runtime: OperationRuntime, attempt: number, signal: () => AbortSignal): StepContext {
  const { context, key } = runtime;
  const { settings } = context.invocation;
  let logger: DurableLogger | undefined;
  return {
    get signal() {
      return signal();
    },
    attempt,
    get logger() {
      return (logger ??= contextLogger(
        settings.sink,
        { executionArn: settings.executionArn, requestId: settings.lambdaContext.awsRequestId, operationId: key.id, parentId: context.id, attempt },
        () => false,
      ));
    },
  };
}
