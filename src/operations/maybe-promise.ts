import { concatMap, defer, EMPTY, from, of, type Observable } from "rxjs";

/**
 * Serdes may answer synchronously or with a Promise. The synchronous answer stays
 * synchronous (a replay of thousands of operations must not pay a microtask each).
 */
export function fromMaybePromise<T>(produce: () => T | PromiseLike<T>): Observable<T> {
  return defer(() => maybePromise(produce()));
}

/** A value already produced (inside an operator's project function, which catches a throw), as an Observable. */
export function maybePromise<T>(value: T | PromiseLike<T>): Observable<T> {
  return isThenable(value) ? from(value) : of(value);
}

export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && typeof (value as PromiseLike<unknown> | undefined)?.then === "function";

/**
 * What `produce` gives once `saved$` (a checkpointed update) completes: at once for an
 * update that does not gate (EMPTY), else after its acknowledgement, which emits once
 * and completes (Checkpointer.save). Fewer subscribers than a `concat`.
 */
export function afterSaved<T>(saved$: Observable<void>, produce: () => T | PromiseLike<T>): Observable<T> {
  if (saved$ === EMPTY) return fromMaybePromise(produce);
  return saved$.pipe(concatMap(() => maybePromise(produce())));
}
