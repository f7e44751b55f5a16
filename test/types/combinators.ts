// Compiled by `tsc --noEmit` only: pins down what users' code infers for the combinators,
// waitForCondition and cancelWait.
import { of } from "rxjs";
import { WaitStrategy, type DurableContext, type DurableOperation, type SettledResult, type ThenableObservable } from "../../src/index.js";

declare const ctx: DurableContext;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => {};

const n = ctx.step("n", () => 1);
const s = ctx.step("s", async () => "x");
const w = ctx.wait("w", { seconds: 1 });

// all: typed like forkJoin, per position for tuples and per key for records.
const tuple = ctx.all([n, s, w]);
assertType<Equals<typeof tuple, ThenableObservable<[number, string, void]>>>(true);
const record = ctx.all({ n, s });
assertType<Equals<typeof record, ThenableObservable<{ n: number; s: string }>>>(true);
const empty = ctx.all([]);
assertType<Equals<typeof empty, ThenableObservable<[]>>>(true);
const many = ctx.all([n, n, n] as DurableOperation<number>[]);
assertType<Equals<typeof many, ThenableObservable<number[]>>>(true);
// Any ObservableInput: Promises and plain Observables too.
const mixed = ctx.all([Promise.resolve(true), of("o")]);
assertType<Equals<typeof mixed, ThenableObservable<[boolean, string]>>>(true);

// allSettled: Promise.allSettled's shape, per position and per key.
const settled = ctx.allSettled([n, s]);
assertType<Equals<typeof settled, ThenableObservable<[SettledResult<number>, SettledResult<string>]>>>(true);
const settledRecord = ctx.allSettled({ n });
assertType<Equals<typeof settledRecord, ThenableObservable<{ n: SettledResult<number> }>>>(true);

async function awaited() {
  const [a, b]: [number, string] = await ctx.all([n, s]);
  const { n: x } = await ctx.all({ n });
  const outcomes = await ctx.allSettled([n]);
  const first = outcomes[0];
  if (first.status === "fulfilled") {
    const v: number = first.value;
    void v;
  } else {
    const reason: unknown = first.reason;
    void reason;
  }
  return [a, b, x];
}
void awaited;

// race / any: a durable operation of the union of the inputs' values, named or not.
const raced = ctx.race([n, s]);
assertType<Equals<typeof raced, DurableOperation<number | string>>>(true);
const timedOut = ctx.race("with-timeout", [s, ctx.wait("deadline", { minutes: 5 })]);
assertType<Equals<typeof timedOut, DurableOperation<string | void>>>(true);
const anyOf = ctx.any("quote", [n, ctx.step(() => 2)]);
assertType<Equals<typeof anyOf, DurableOperation<number>>>(true);

// waitForCondition: the state type flows from initialState through check and strategy.
const polled = ctx.waitForCondition("job", async (job: { status: string; tries: number }) => ({ ...job, tries: job.tries + 1 }), {
  initialState: { status: "RUNNING", tries: 0 },
  waitStrategy: WaitStrategy.exponential({ shouldContinuePolling: (job) => job.status === "RUNNING" }),
  timeout: { hours: 1 },
});
assertType<Equals<typeof polled, DurableOperation<{ status: string; tries: number }>>>(true);
const counted = ctx.waitForCondition((count: number) => count + 1, { initialState: 0, waitStrategy: (count) => ({ shouldContinue: count < 3, delay: { seconds: 5 } }) });
assertType<Equals<typeof counted, DurableOperation<number>>>(true);
// @ts-expect-error the check must return the state's type
ctx.waitForCondition((count: number) => String(count), { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) });
// @ts-expect-error initialState and waitStrategy are required
ctx.waitForCondition((count: number) => count, { initialState: 0 });

// cancelWait: by id or by the operation; awaitable.
const cancelled = ctx.cancelWait(w.id);
assertType<Equals<typeof cancelled, ThenableObservable<void>>>(true);
ctx.cancelWait(w);
// @ts-expect-error a number is not an operation id
ctx.cancelWait(42);
