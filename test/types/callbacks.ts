// Compiled by `tsc --noEmit` only: pins down what callbacks and invoke infer.
import { map } from "rxjs";
import { rawSerdes, type Callback, type CallbackId, type DurableContext, type DurableOperation } from "../../src/index.js";

declare const ctx: DurableContext;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => {};

// createCallback: the type argument types the answer; without one it is unknown (JSON of anything).
const approval = ctx.createCallback<{ approved: boolean }>("approval", { timeout: { days: 3 } });
assertType<Equals<typeof approval, DurableOperation<Callback<{ approved: boolean }>>>>(true);
const untyped = ctx.createCallback();
assertType<Equals<typeof untyped, DurableOperation<Callback<unknown>>>>(true);
// rawSerdes makes it a string, inferred from the serdes.
const raw = ctx.createCallback("raw", { serdes: rawSerdes });
assertType<Equals<typeof raw, DurableOperation<Callback<string>>>>(true);

async function awaited() {
  const { callbackId, result } = await approval;
  assertType<Equals<typeof callbackId, CallbackId>>(true);
  const answer: { approved: boolean } = await result;
  const piped: boolean = await result.pipe(map((a) => a.approved));
  // waitForCallback: the submitter gets the branded id and the step context; the answer is T.
  const decided = await ctx.waitForCallback<{ approved: boolean }>("ask", async (id, { attempt, signal }) => {
    assertType<Equals<typeof id, CallbackId>>(true);
    return void [attempt, signal];
  }, { timeout: { hours: 1 } });
  const text: string = await ctx.waitForCallback((id) => void id, { serdes: rawSerdes });
  // invoke: the result type first, then the input type (inferred from the argument).
  const total: number = await ctx.invoke<number>("pricing", { sku: "a" }, { name: "price" });
  const anything: unknown = await ctx.invoke("fire");
  return [answer, piped, decided, text, total, anything];
}
void awaited;

// Mistakes the compiler catches.
// @ts-expect-error a callback's config has no `retry` (waitForCallback's does)
ctx.createCallback("c", { retry: () => ({ shouldRetry: false }) });
// @ts-expect-error the submitter comes second when a name is given
ctx.waitForCallback("w", { timeout: { hours: 1 } });
// @ts-expect-error the invoke name lives in config, not in the arguments
ctx.invoke("name", "pricing", {}, {});
// @ts-expect-error durations are DurationLike
ctx.createCallback("c", { heartbeatTimeout: 30 });
