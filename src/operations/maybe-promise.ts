import { defer, from, of, type Observable } from "rxjs";

/**
 * Serdes may answer synchronously or with a Promise. The synchronous answer stays
 * synchronous (a replay of thousands of operations must not pay a microtask each).
 */
export function fromMaybePromise<T>(produce: () => T | PromiseLike<T>): Observable<T> {
  return defer(() => maybePromise(produce()));
}

/** A value already produced (inside an operator's project function, which catches a throw), as an Observable. */
export function maybePromise<T>(value: T | PromiseLike<T>): Observable<T> {
  return value !== null && typeof (value as PromiseLike<T>)?.then === "function" ? from(value as PromiseLike<T>) : of(value as T);
}
