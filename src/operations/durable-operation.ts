import { AsyncSubject, type Observable, queueScheduler, scheduled, subscribeOn, throwError } from "rxjs";
import type { InvocationScope } from "../context/invocation-scope.js";
import type { OperationId } from "../ids/index.js";
import { ReplayOrRun, type Settled } from "../replay/replay-or-run.js";
import { ThenableObservableImpl, type ThenableObservable } from "./thenable-observable.js";

/**
 * What every durable method returns: a cold Observable that emits the operation's one
 * value and completes (or errors), and that can be awaited. Its id was fixed when the
 * method was called.
 */
export interface DurableOperation<T> extends ThenableObservable<T> {
  readonly id: OperationId;
  readonly name: string | undefined;
}

/**
 * Built once per operation, thousands per replay: the instance holds what a closure
 * per method would (bench W2 measures every byte of it), and the sharing chain is
 * built on the first subscription only, because a replayed operation that is just
 * awaited never needs it.
 */
class DurableOperationImpl<T> extends ThenableObservableImpl<T> {
  readonly id: OperationId;
  readonly name: string | undefined;
  private readonly scope: InvocationScope;
  private readonly execution: Observable<T> | ReplayOrRun<T>;
  private shared: Observable<T> | undefined;

  constructor(scope: InvocationScope, id: OperationId, name: string | undefined, execution: Observable<T> | ReplayOrRun<T>) {
    let self: DurableOperationImpl<T> | undefined;
    super((subscriber) => self!.connect().subscribe(subscriber));
    self = this;
    this.scope = scope;
    this.id = id;
    this.name = name;
    this.execution = execution;
  }

  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // The replay hot path: a recorded outcome needs no subscription (same decision, same events).
    const settled = this.settleNow();
    if (settled) return (settled.kind === "succeeded" ? Promise.resolve(settled.answer) : Promise.reject(settled.error)).then(onfulfilled, onrejected);
    return super.then(onfulfilled, onrejected);
  }

  /** The replay decision's synchronous answer, while nothing has subscribed and the invocation is live. */
  private settleNow(): Settled<T> | undefined {
    if (this.shared || !this.scope.live || !(this.execution instanceof ReplayOrRun)) return undefined;
    return this.execution.settleNow();
  }

  private connect(): Observable<T> {
    // A recorded outcome is the same for every subscriber and runs nothing: deliver it
    // directly (through the trampoline, as ReplayOrRun does) instead of building the
    // sharing chain, which the replay of an Observable handler paid for every operation.
    const settled = this.settleNow();
    if (settled) {
      // scheduled() queues the emission itself: one Observable and one queue action, where
      // of() behind subscribeOn took three Observables (bench W2, Observable handlers).
      return settled.kind === "succeeded" ? scheduled([settled.answer], queueScheduler) : trampoline(throwError(() => settled.error));
    }
    return (this.shared ??= this.start());
  }

  /**
   * Subscribes the execution once, for good, into an AsyncSubject that every subscriber
   * shares: what `share({ connector: AsyncSubject, reset…: false })` behind a live-only
   * filter does, with one subscriber instead of five on the path every executed
   * operation takes (bench W1, W3). Notifications after the invocation stopped being
   * live are discarded; an unsubscribe never reaches the execution.
   */
  private start(): AsyncSubject<T> {
    const subject = new AsyncSubject<T>();
    // Assigned before subscribing: a subscriber arriving while the execution runs synchronously shares it too.
    this.shared = subject;
    const { execution, scope } = this;
    (execution instanceof ReplayOrRun ? execution.observable() : execution).subscribe({
      next: (value) => scope.live && subject.next(value),
      error: (error: unknown) => scope.live && subject.error(error),
      complete: () => scope.live && subject.complete(),
    });
    return subject;
  }
}

/**
 * Wraps an operation's execution so that (DESIGN.md "Sharing"):
 * - the first subscription starts it, and it then belongs to the invocation: an
 *   unsubscribe detaches, it never cancels, and every later subscriber gets the one
 *   outcome (an AsyncSubject that is never reset, never `shareReplay`, which would run
 *   a failed or abandoned operation again and make the service reject a second START);
 * - once the invocation stopped being live (suspended, poisoned, closed) nothing more
 *   is delivered: late emissions are discarded, silently.
 */
export function durableOperation<T>(
  scope: InvocationScope,
  id: string,
  name: string | undefined,
  execution: Observable<T> | ReplayOrRun<T>,
): DurableOperation<T> {
  return new DurableOperationImpl(scope, id as OperationId, name, execution) as unknown as DurableOperation<T>;
}

/** Delivered through the queue scheduler: a loop replaying thousands synchronously never grows the stack. */
function trampoline<T>(source: Observable<T>): Observable<T> {
  return source.pipe(subscribeOn(queueScheduler));
}
