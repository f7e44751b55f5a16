import type { RunSession } from "./local-test-runner-session.js";
import type { TestResult } from "./test-result.js";

/**
 * A run in progress: await it (or call `then`) for its {@link TestResult}. Virtual time
 * moves once something awaits it, so a test can act between `run()` and `await`
 * (answer a callback it took with `runner.callbacks.waitFor`) with the clock standing
 * still. The rejection of a run nobody awaits is never reported as unhandled.
 */
export class RunningExecution<T = unknown> implements PromiseLike<TestResult<T>> {
  constructor(private readonly session: RunSession) {}

  /** The ARN of the execution, or undefined when the service refused to start it. */
  get executionArn(): string | undefined {
    return this.session.executionArn;
  }

  then<A = TestResult<T>, B = never>(
    onFulfilled?: ((result: TestResult<T>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return (this.session.result() as Promise<TestResult<T>>).then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<TestResult<T> | B> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<TestResult<T>> {
    return (this.session.result() as Promise<TestResult<T>>).finally(onFinally);
  }
}
