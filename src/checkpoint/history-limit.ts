import { LimitExceededError } from "../errors/usage-errors.js";
import { count } from "../duration/duration-seconds.js";
import { LIMITS } from "./limits.js";

/**
 * The history length of one execution as this invocation sees it: the operations the
 * service held when the invocation began, plus every operation the invocation has
 * started since (counted when an operation with no record decides to execute, before
 * any of its updates is queued). The EXECUTION operation counts too: the conservative
 * reading of the service's limit.
 *
 * Past `warnAt` the first new operation calls `onWarning` (once per invocation); at
 * `max` every new operation is refused with a LimitExceededError, which the operation
 * delivers on its error channel, so the workflow can still wrap up (return a result).
 */
export class HistoryLimit {
  private started = 0;
  private warned = false;
  readonly warnAt: number;

  constructor(
    private readonly initial: number,
    private readonly onWarning: (operations: number, max: number) => void,
    readonly max: number = LIMITS.maxHistoryOperations,
  ) {
    this.warnAt = Math.floor(max * LIMITS.historyWarningRatio);
  }

  /** Operations in the history once everything started so far is recorded. */
  get operations(): number {
    return this.initial + this.started;
  }

  /** Counts one more operation, or answers why it may not start. */
  admit(describe: () => string): LimitExceededError | undefined {
    const current = this.operations;
    if (current >= this.max) {
      return new LimitExceededError(
        `${describe()} was not started: the execution's history already holds ${count(current)} operations, ` +
          `the most one durable execution can hold (${count(this.max)}). Do more work per operation, or hand the rest to a new execution (ctx.invoke) before the limit.`,
      );
    }
    this.started++;
    if (!this.warned && current + 1 >= this.warnAt) {
      this.warned = true;
      this.onWarning(current + 1, this.max);
    }
    return undefined;
  }
}
