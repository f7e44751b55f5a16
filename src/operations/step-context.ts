import { contextLogger, type DurableLogger } from "../logging/context-logger.js";
import type { OperationRuntime } from "./operation-runtime.js";
import type { StepContext } from "./step-config.js";

/**
 * The context a step body or a `waitForCondition` check gets. Its signal and logger are
 * made on first use: a trivial body reads neither, and making them for every attempt
 * was a measurable share of a sequential step's cost.
 */
export function stepContext(runtime: OperationRuntime, attempt: number, signal: () => AbortSignal): StepContext {
  return new LazyStepContext(runtime, attempt, signal);
}

/**
 * A class, not an object literal with getters: V8 builds a literal's accessors on every
 * call (~0.7 µs, against ~15 ns for this). Its own state is private (#), so the only own
 * property is `attempt`; `signal` and `logger` are read (or destructured) as documented.
 */
class LazyStepContext implements StepContext {
  readonly #runtime: OperationRuntime;
  readonly #makeSignal: () => AbortSignal;
  #logger: DurableLogger | undefined;

  constructor(
    runtime: OperationRuntime,
    readonly attempt: number,
    makeSignal: () => AbortSignal,
  ) {
    this.#runtime = runtime;
    this.#makeSignal = makeSignal;
  }

  get signal(): AbortSignal {
    return this.#makeSignal();
  }

  get logger(): DurableLogger {
    if (this.#logger) return this.#logger;
    const { context, key } = this.#runtime;
    const { settings } = context.invocation;
    return (this.#logger = contextLogger(
      settings.sink,
      { executionArn: settings.executionArn, requestId: settings.lambdaContext.awsRequestId, operationId: key.id, parentId: context.id, attempt: this.attempt },
      () => false,
    ));
  }
}
