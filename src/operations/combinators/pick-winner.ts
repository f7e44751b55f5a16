import { defer, filter, map, type Observable, take } from "rxjs";
import type { Outcome } from "./inputs.js";

/** A race or any settles on a winner, or (any only) on every input having failed. */
export type Decision = { readonly kind: "winner"; readonly winner: Outcome } | { readonly kind: "none"; readonly errors: readonly unknown[] };

/** race: the first input to settle wins, whether it succeeded or failed. */
export function firstSettled(outcomes: Observable<Outcome>): Observable<Decision> {
  return outcomes.pipe(
    take(1),
    map((winner): Decision => ({ kind: "winner", winner })),
  );
}

/** any: the first input to succeed wins; when all `n` failed there is none, and the errors are listed by input index. */
export function firstSucceeded(n: number): (outcomes: Observable<Outcome>) => Observable<Decision> {
  return (outcomes) =>
    defer(() => {
      const errors: unknown[] = new Array(n);
      let failed = 0;
      return outcomes.pipe(
        filter((outcome) => {
          if (outcome.ok) return true;
          errors[outcome.index] = outcome.error;
          return ++failed === n;
        }),
        take(1),
        map((outcome): Decision => (outcome.ok ? { kind: "winner", winner: outcome } : { kind: "none", errors })),
      );
    });
}
