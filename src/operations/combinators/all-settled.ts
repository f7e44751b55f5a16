import { defer, forkJoin, map, of } from "rxjs";
import { ThenableObservableImpl, type ThenableObservable } from "../thenable-observable.js";
import { inputList, outcomeOf, type Outcome } from "./inputs.js";
import type { SettledResult } from "./types.js";

/**
 * Every input's outcome, `{ status: "fulfilled", value }` or `{ status: "rejected",
 * reason }`, in the inputs' shape (tuple or record), like `Promise.allSettled`. It
 * never rejects on an input's failure. `allSettled([])` is `[]`.
 *
 * Nothing is checkpointed: each input is durable, and `forkJoin` matches outcomes by
 * position, so replay gives the same result whatever order the inputs settled in.
 * Suspension and terminal conditions are not failures: an input that cannot finish in
 * this invocation keeps `allSettled` pending.
 *
 * @example
 * ```ts
 * const outcomes = await ctx.allSettled([ctx.step("a", fa), ctx.step("b", fb)]);
 * const failed = outcomes.filter((o) => o.status === "rejected");
 * ```
 * @throws {@link ValidationError} synchronously when `inputs` is neither an array nor a record of operations.
 */
export function allSettled(inputs: unknown): ThenableObservable<unknown> {
  const { list, shape } = inputList(inputs, "allSettled");
  const settled$ = defer(() => (list.length === 0 ? of([]) : forkJoin(list.map((input, i) => outcomeOf(input, i).pipe(map(toSettledResult))))));
  return new ThenableObservableImpl(settled$.pipe(map(shape))) as unknown as ThenableObservable<unknown>;
}

function toSettledResult(outcome: Outcome): SettledResult<unknown> {
  return outcome.ok ? { status: "fulfilled", value: outcome.value } : { status: "rejected", reason: outcome.error };
}
