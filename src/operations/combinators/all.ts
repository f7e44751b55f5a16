import { concatMap, defer, EMPTY, map, merge, type Observable, of, take, throwError } from "rxjs";
import { ThenableObservableImpl, type ThenableObservable } from "../thenable-observable.js";
import { inputList, outcomeOf, type Outcome } from "./inputs.js";

/**
 * Every input's value, in the inputs' shape (tuple or record), like `Promise.all` and
 * `forkJoin`. `all([])` is `[]`, `all({})` is `{}`.
 *
 * Nothing is checkpointed: every input is a durable operation with its own record, so
 * the combined value is the same on replay. A failure is the one thing order could
 * change: live, inputs fail in time order; on replay, every failure is delivered at
 * once in subscription order. So `all` rejects with the failure of the **first input in
 * input order** that failed, as soon as every input before it has settled: live and on
 * replay that is the same input, whatever the timing. Inputs after it are not waited for.
 *
 * @example
 * ```ts
 * const [user, orders] = await ctx.all([ctx.step("user", loadUser), ctx.step("orders", loadOrders)]);
 * const { a, b } = await ctx.all({ a: ctx.step("a", fa), b: ctx.step("b", fb) });
 * ```
 * @throws {@link ValidationError} synchronously when `inputs` is neither an array nor a record of operations.
 */
export function all(inputs: unknown): ThenableObservable<unknown> {
  const { list, shape } = inputList(inputs, "all");
  const values$ = defer(() => (list.length === 0 ? of([]) : merge(...list.map(outcomeOf)).pipe(inInputOrder(list.length), take(1))));
  return new ThenableObservableImpl(values$.pipe(map(shape))) as unknown as ThenableObservable<unknown>;
}

/**
 * Emits the values once all `n` inputs succeeded, or errors with the first failure in
 * input order once every input before it has settled.
 */
function inInputOrder(n: number): (source: Observable<Outcome>) => Observable<unknown[]> {
  return (source) =>
    defer(() => {
      const outcomes: (Outcome | undefined)[] = new Array(n);
      let settledPrefix = 0;
      return source.pipe(
        concatMap((outcome) => {
          outcomes[outcome.index] = outcome;
          while (settledPrefix < n && outcomes[settledPrefix] !== undefined) {
            const next = outcomes[settledPrefix]!;
            if (!next.ok) return throwError(() => next.error);
            settledPrefix++;
          }
          return settledPrefix === n ? of(outcomes.map((o) => (o as { value: unknown }).value)) : EMPTY;
        }),
      );
    });
}
