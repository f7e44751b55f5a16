import { AsyncSubject, defer, Observable, of, queueScheduler, share, subscribeOn, throwError } from "rxjs";
import type { InvocationScope } from "../context/invocation-scope.js";
import type { OperationId } from "../ids/index.js";
import type { ReplayOrRunObservable, Settled } from "../replay/replay-or-run.js";
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

class DurableOperationImpl<T> extends ThenableObservableImpl<T> {
  constructor(
    readonly id: OperationId,
    readonly name: string | undefined,
    source: Observable<T>,
    /** The replay decision's synchronous answer, while nothing has subscribed yet. */
    private readonly settleNow: (() => Settled<T> | undefined) | undefined,
  ) {
    super(source);
  }

  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // The replay hot path: a recorded outcome needs no subscription (same decision, same events).
    const settled = this.settleNow?.();
    if (settled) return (settled.ok ? Promise.resolve(settled.value) : Promise.reject(settled.error)).then(onfulfilled, onrejected);
    return super.then(onfulfilled, onrejected);
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
export function durableOperation<T>(scope: InvocationScope, id: string, name: string | undefined, execution: Observable<T>): DurableOperation<T> {
  const settleNow = (execution as Partial<ReplayOrRunObservable<T>>).settleNow;
  // Built on first subscription only: a replayed operation that is just awaited never needs it.
  let shared: Observable<T> | undefined;
  const peek = settleNow && (() => (shared || !scope.live ? undefined : settleNow()));
  const connect = () => {
    // A recorded outcome is the same for every subscriber and runs nothing: deliver it
    // directly (through the trampoline, as replayOrRun does) instead of building the
    // sharing chain, which the replay of an Observable handler paid for every operation.
    const settled = shared ? undefined : peek?.();
    if (settled) return trampoline(settled.ok ? of(settled.value) : throwError(() => settled.error));
    return (shared ??= execution.pipe(
      whileLive(scope),
      share({ connector: () => new AsyncSubject<T>(), resetOnError: false, resetOnComplete: false, resetOnRefCountZero: false }),
    ));
  };
  return new DurableOperationImpl(id as OperationId, name, defer(connect), peek) as unknown as DurableOperation<T>;
}

/**
 * Passes notifications on only while the invocation is live; afterwards they are
 * discarded, silently. One subscriber per operation where materialize, filter and
 * dematerialize took three, on the path every executed operation takes.
 */
function whileLive<T>(scope: InvocationScope): (source: Observable<T>) => Observable<T> {
  return (source) =>
    new Observable<T>((subscriber) =>
      source.subscribe({
        next: (value) => scope.live && subscriber.next(value),
        error: (error: unknown) => scope.live && subscriber.error(error),
        complete: () => scope.live && subscriber.complete(),
      }),
    );
}

/** Delivered through the queue scheduler: a loop replaying thousands synchronously never grows the stack. */
function trampoline<T>(source: Observable<T>): Observable<T> {
  return source.pipe(subscribeOn(queueScheduler));
}
