// Compiled by `tsc --noEmit` only: pins down what map, parallel and BatchResult infer.
import { of } from "rxjs";
import {
  CompletionConfig,
  type BatchItem,
  type BatchResult,
  type CompletionReason,
  type DurableContext,
  type DurableOperation,
  type RecordBatchResult,
} from "../../src/index.js";

declare const ctx: DurableContext;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => {};

// map: the result type comes from the item function, whether it returns a value, a Promise or an Observable.
const m1 = ctx.map("m", [1, 2], (child, n) => child.step(() => String(n)));
assertType<Equals<typeof m1, DurableOperation<BatchResult<string>>>>(true);
const m2 = ctx.map([{ id: "a" }], async (_child, order) => order.id.length);
assertType<Equals<typeof m2, DurableOperation<BatchResult<number>>>>(true);
const m3 = ctx.map(["x"], () => of(true), { maxConcurrency: 2, completion: CompletionConfig.minSuccessful(1), nesting: "flat" });
assertType<Equals<typeof m3, DurableOperation<BatchResult<boolean>>>>(true);

// The item function's parameters are typed from the items.
ctx.map("typed", [{ sku: "a", qty: 1 }], (child, item, index, items) => {
  assertType<Equals<typeof child, DurableContext>>(true);
  assertType<Equals<typeof item, { sku: string; qty: number }>>(true);
  assertType<Equals<typeof index, number>>(true);
  assertType<Equals<typeof items, readonly { sku: string; qty: number }[]>>(true);
  return item.qty;
}, { itemName: (item, i) => `${item.sku}-${i}` });

// parallel over an array: the union of the branches' values.
const p1 = ctx.parallel("p", [(c) => c.step(() => 1), async () => "x", { name: "obs", run: () => of(true) }]);
assertType<Equals<typeof p1, DurableOperation<BatchResult<number | string | boolean>>>>(true);

// parallel over a record: typed per key, like forkJoin.
const p2 = ctx.parallel("r", { count: (c) => c.step(() => 1), label: { run: async () => "x" } });
assertType<Equals<typeof p2, DurableOperation<RecordBatchResult<{ count: number; label: string }>>>>(true);

async function awaited() {
  const batch = await p2;
  const record: { count: number; label: string } = batch.throwIfError();
  const count = batch.get("count");
  assertType<Equals<typeof count, BatchItem<number> | undefined>>(true);
  // @ts-expect-error: no such branch
  batch.get("missing");
  const values: (number | string)[] = batch.results();

  const list = await m1;
  const results: string[] = list.throwIfError();
  const first = list.succeeded()[0];
  assertType<Equals<typeof first.result, string>>(true);
  assertType<Equals<typeof list.status, "SUCCEEDED" | "FAILED">>(true);
  assertType<Equals<typeof list.completionReason, CompletionReason>>(true);
  const errors: Error[] = list.errors();
  for (const item of list.all) {
    // The status narrows the item: a result only on SUCCEEDED, an error only on FAILED.
    if (item.status === "SUCCEEDED") assertType<Equals<typeof item.result, string>>(true);
    if (item.status === "FAILED") assertType<Equals<typeof item.error, Error>>(true);
  }
  return [record, values, results, errors];
}
void awaited;

// Config is checked at compile time where it can be.
// @ts-expect-error
ctx.map("m", [1], () => 1, { nesting: "deep" });
// @ts-expect-error
ctx.map("m", [1], () => 1, { completion: { minSucessful: 1 } });
// @ts-expect-error: itemName gets the item's type
ctx.map("m", [1], () => 1, { itemName: (item: string) => item });
// @ts-expect-error: a branch is a function or { name, run }
ctx.parallel("p", [42]);
