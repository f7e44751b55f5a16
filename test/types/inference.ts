// Compiled by `tsc --noEmit` only: pins down what users' code infers.
import { forkJoin, lastValueFrom, map, of } from "rxjs";
import { durable, type DurableContext, type DurableOperation } from "../../src/index.js";

declare const ctx: DurableContext;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => {};

// A step's type comes from its body, whether it returns a value, a Promise or an Observable.
const a = ctx.step("a", () => 1);
assertType<Equals<typeof a, DurableOperation<number>>>(true);
const b = ctx.step(async () => "x");
assertType<Equals<typeof b, DurableOperation<string>>>(true);
const c = ctx.step(() => of(true));
assertType<Equals<typeof c, DurableOperation<boolean>>>(true);

// Awaiting an operation, or its pipe, gives the value, never an Observable.
async function awaited() {
  const n: number = await ctx.step(() => 1);
  const s: string = await ctx.step(() => 1).pipe(map((x) => String(x)));
  const v: void = await ctx.wait({ seconds: 1 });
  const child: number = await ctx.runInChildContext("kid", async (k) => k.step(() => 2));
  return [n, s, v, child];
}
void awaited;

// Handlers may return a value, a Promise or an Observable...
durable(async (event: { id: string }) => event.id);
durable((_event, context) => context.step(() => 1));
durable((_event, context) => context.step(() => 1).pipe(map((x) => x + 1)));
// ...but a Promise of an Observable is a type error: its value would be the Observable.
// @ts-expect-error
durable(async (_event, context: DurableContext) => of(1));

// Names and durations are checked at compile time where they can be.
// @ts-expect-error
ctx.wait("w", { sekonds: 1 });
// @ts-expect-error
ctx.step("s", () => 1, { semantics: "exactly-once" });

// forkJoin over durable operations keeps their types (a bare rest `pipe` overload made them `any`).
export async function forkJoinKeepsOperationTypes(ctx: DurableContext): Promise<void> {
  const pair = await lastValueFrom(forkJoin([ctx.step(() => 1), ctx.step(() => "a")]));
  const check: [number, string] = pair;
  // @ts-expect-error the first member is a number, not a string
  const wrong: [string, string] = pair;
  void check;
  void wrong;
}
