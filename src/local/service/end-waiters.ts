/**
 * The execution cannot end by itself: nothing runs, no timer is pending, and no callback
 * or invoke arrived in time. `waitingFor` says what it is blocked on, in words.
 */
export class ExecutionStuckError extends Error {
  override readonly name = "ExecutionStuckError";

  constructor(
    readonly executionArn: string,
    readonly waitingFor: readonly string[],
  ) {
    super(`Durable execution ${executionArn} cannot finish by itself; waiting for: ${waitingFor.join("; ")}`);
  }
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/** Callers waiting for executions to end (RequestResponse invokes, `waitForEnd`). */
export class EndWaiters {
  private readonly byArn = new Map<string, Set<Waiter>>();

  get size(): number {
    return this.byArn.size;
  }

  wait(arn: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let waiters = this.byArn.get(arn);
      if (!waiters) {
        waiters = new Set();
        this.byArn.set(arn, waiters);
      }
      waiters.add({ resolve, reject });
    });
  }

  arns(): string[] {
    return [...this.byArn.keys()];
  }

  resolve(arn: string): void {
    this.take(arn).forEach((waiter) => waiter.resolve());
  }

  reject(arn: string, error: Error): void {
    this.take(arn).forEach((waiter) => waiter.reject(error));
  }

  private take(arn: string): Waiter[] {
    const waiters = [...(this.byArn.get(arn) ?? [])];
    this.byArn.delete(arn);
    return waiters;
  }
}
