/**
 * Why a LocalTestRunner gave up instead of waiting on:
 * - `stuck`: the execution cannot finish by itself (nothing runs, nothing is due) while
 *   the test waits for it, e.g. a callback nobody answers;
 * - `never-started`: the execution ended, or got stuck, before the operation a
 *   `waitFor...` waits for started;
 * - `unregistered-function`: the workflow invoked a function the runner does not know;
 * - `real-time`, `virtual-time`, `invocations`: a bound of `limits` was reached.
 */
export type LocalTestRunnerErrorReason =
  | "stuck"
  | "never-started"
  | "unregistered-function"
  | "real-time"
  | "virtual-time"
  | "invocations";

/**
 * A LocalTestRunner wait that could not end the way the test expected. The message says
 * what was awaited and what the execution is blocked on; `waitingFor` has the latter as
 * a list.
 */
export class LocalTestRunnerError extends Error {
  override readonly name = "LocalTestRunnerError";

  constructor(
    readonly reason: LocalTestRunnerErrorReason,
    message: string,
    readonly waitingFor: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
