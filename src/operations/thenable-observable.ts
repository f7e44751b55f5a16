import { lastValueFrom, Observable, type OperatorFunction, type Subscriber, type TeardownLogic } from "rxjs";

/**
 * An Observable that can also be awaited: `await x` resolves to its last value.
 * `pipe` keeps the property, so `await op.pipe(map(f))` awaits the mapped value,
 * never the Observable itself.
 */
export interface ThenableObservable<T> extends Observable<T>, PromiseLike<T> {
  pipe(): ThenableObservable<T>;
  pipe<A>(op1: OperatorFunction<T, A>): ThenableObservable<A>;
  pipe<A, B>(op1: OperatorFunction<T, A>, op2: OperatorFunction<A, B>): ThenableObservable<B>;
  pipe<A, B, C>(op1: OperatorFunction<T, A>, op2: OperatorFunction<A, B>, op3: OperatorFunction<B, C>): ThenableObservable<C>;
  pipe<A, B, C, D>(
    op1: OperatorFunction<T, A>,
    op2: OperatorFunction<A, B>,
    op3: OperatorFunction<B, C>,
    op4: OperatorFunction<C, D>,
  ): ThenableObservable<D>;
  pipe<A, B, C, D, E>(
    op1: OperatorFunction<T, A>,
    op2: OperatorFunction<A, B>,
    op3: OperatorFunction<B, C>,
    op4: OperatorFunction<C, D>,
    op5: OperatorFunction<D, E>,
  ): ThenableObservable<E>;
  pipe<A, B, C, D, E, F>(
    op1: OperatorFunction<T, A>,
    op2: OperatorFunction<A, B>,
    op3: OperatorFunction<B, C>,
    op4: OperatorFunction<C, D>,
    op5: OperatorFunction<D, E>,
    op6: OperatorFunction<E, F>,
  ): ThenableObservable<F>;
  pipe<A, B, C, D, E, F, G>(
    op1: OperatorFunction<T, A>,
    op2: OperatorFunction<A, B>,
    op3: OperatorFunction<B, C>,
    op4: OperatorFunction<C, D>,
    op5: OperatorFunction<D, E>,
    op6: OperatorFunction<E, F>,
    op7: OperatorFunction<F, G>,
  ): ThenableObservable<G>;
  pipe<A, B, C, D, E, F, G, H>(
    op1: OperatorFunction<T, A>,
    op2: OperatorFunction<A, B>,
    op3: OperatorFunction<B, C>,
    op4: OperatorFunction<C, D>,
    op5: OperatorFunction<D, E>,
    op6: OperatorFunction<E, F>,
    op7: OperatorFunction<F, G>,
    op8: OperatorFunction<G, H>,
  ): ThenableObservable<H>;
  pipe<A, B, C, D, E, F, G, H, I>(
    op1: OperatorFunction<T, A>,
    op2: OperatorFunction<A, B>,
    op3: OperatorFunction<B, C>,
    op4: OperatorFunction<C, D>,
    op5: OperatorFunction<D, E>,
    op6: OperatorFunction<E, F>,
    op7: OperatorFunction<F, G>,
    op8: OperatorFunction<G, H>,
    op9: OperatorFunction<H, I>,
  ): ThenableObservable<I>;
  // The same shape as rxjs's own last overload: a bare rest parameter would match every
  // call first in inference (forkJoin([op]) saw Observable<[any]>).
  pipe<A, B, C, D, E, F, G, H, I>(
    op1: OperatorFunction<T, A>,
    op2: OperatorFunction<A, B>,
    op3: OperatorFunction<B, C>,
    op4: OperatorFunction<C, D>,
    op5: OperatorFunction<D, E>,
    op6: OperatorFunction<E, F>,
    op7: OperatorFunction<F, G>,
    op8: OperatorFunction<G, H>,
    op9: OperatorFunction<H, I>,
    ...operations: OperatorFunction<any, any>[]
  ): ThenableObservable<unknown>;
}

class ThenableObservableImpl<T> extends Observable<T> {
  /** Subscribes to `source`, or runs `subscribe` as `new Observable(subscribe)` would. */
  constructor(source: Observable<T> | ((subscriber: Subscriber<T>) => TeardownLogic)) {
    super(typeof source === "function" ? source : (subscriber) => source.subscribe(subscriber));
  }

  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // An Observable that completes empty resolves to undefined, as a void operation does.
    return lastValueFrom(this, { defaultValue: undefined as T }).then(onfulfilled, onrejected);
  }

  override pipe(...operations: OperatorFunction<any, any>[]): any {
    return new ThenableObservableImpl((Observable.prototype.pipe as (...ops: unknown[]) => Observable<unknown>).apply(this, operations));
  }
}

export { ThenableObservableImpl };
