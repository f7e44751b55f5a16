import test from "ava";
import { BatchResult, ChildContextError, CompletionConfig, StepError, type BatchItem } from "../../src/index.js";
import { batchSerdes } from "../../src/operations/batch/batch-codec.js";
import { encodeSummary, parseSummary } from "../../src/operations/batch/batch-summary.js";
import { completionReason } from "../../src/operations/batch/completion-config.js";
import { asReplayed, decodeItemError, encodeItemError } from "../../src/operations/batch/item-error.js";
import { jsonSerdes } from "../../src/serdes/index.js";
import { describeBatch, describeError } from "./batch-helpers.js";

const items: BatchItem<number>[] = [
  { index: 0, name: "a", status: "SUCCEEDED", result: 10 },
  { index: 1, name: "b", status: "FAILED", error: new Error("b broke") },
  { index: 2, name: "c", status: "STARTED" },
  { index: 4, name: "e", status: "SUCCEEDED", result: 40 },
];
const batch = new BatchResult(items, "MIN_SUCCESSFUL_REACHED", 6);

test("BatchResult: results, errors and items by status, in index order", (t) => {
  t.deepEqual(batch.results(), [10, 40]);
  t.deepEqual(batch.errors().map((e) => e.message), ["b broke"]);
  t.deepEqual(batch.succeeded().map((i) => i.name), ["a", "e"]);
  t.deepEqual(batch.failed().map((i) => i.name), ["b"]);
  t.deepEqual(batch.started().map((i) => i.name), ["c"]);
});

test("BatchResult: counts, status and hasFailure; totalCount is the number of items given, started or not", (t) => {
  t.deepEqual([batch.successCount, batch.failureCount, batch.startedCount, batch.totalCount], [2, 1, 1, 6]);
  t.true(batch.hasFailure);
  t.is(batch.status, "FAILED");
  t.is(batch.completionReason, "MIN_SUCCESSFUL_REACHED");
  const clean = new BatchResult(items.filter((i) => i.status !== "FAILED"), "ALL_COMPLETED", 3);
  t.false(clean.hasFailure);
  t.is(clean.status, "SUCCEEDED");
});

test("BatchResult: throwIfError throws the first failure in index order, else returns the results", (t) => {
  const second = new Error("second");
  const failing = new BatchResult<number>([...items, { index: 5, name: "f", status: "FAILED", error: second }], "ALL_COMPLETED", 6);
  t.throws(() => failing.throwIfError(), { message: "b broke" });
  t.deepEqual(new BatchResult(items.filter((i) => i.status !== "FAILED"), "ALL_COMPLETED", 3).throwIfError(), [10, 40]);
});

test("the batch serdes writes {type, completionReason, totalCount, all} and reads back the same class and items", (t) => {
  const serdes = batchSerdes<number, BatchResult<number>>("MapResult", jsonSerdes, (all, reason, total) => new BatchResult(all, reason, total));
  const ctx = { entityId: "3", durableExecutionArn: "arn" };
  const stored = serdes.serialize(new BatchResult(items.map((i) => (i.status === "FAILED" ? { ...i, error: asReplayed(i.error) } : i)), "ALL_COMPLETED", 6), ctx) as string;
  const parsed = JSON.parse(stored);
  t.is(parsed.type, "MapResult");
  t.deepEqual(parsed.all[0], { index: 0, name: "a", status: "SUCCEEDED", result: "10" });
  t.deepEqual(parsed.all[2], { index: 2, name: "c", status: "STARTED" });
  t.like(parsed.all[1].error, { ErrorType: "Error", ErrorMessage: "b broke" });
  const back = serdes.deserialize(stored, ctx) as BatchResult<number>;
  t.true(back instanceof BatchResult);
  t.deepEqual(back.results(), [10, 40]);
  t.is(back.errors()[0].message, "b broke");
});

test("item errors keep their whole cause chain through the codec: class, message, data", (t) => {
  const original = new ChildContextError("no stock", { cause: new StepError("no stock", { errorData: '{"sku":"x"}' }), errorData: '{"sku":"x"}' });
  const encoded = encodeItemError(original);
  t.like(encoded, { ErrorType: "ChildContextError", ErrorMessage: "no stock", Cause: { ErrorType: "StepError", ErrorData: '{"sku":"x"}' } });
  const decoded = decodeItemError(JSON.parse(JSON.stringify(encoded)));
  t.true(decoded instanceof ChildContextError);
  t.true(decoded.cause instanceof StepError);
  t.deepEqual(describeError(decoded), describeError(asReplayed(original)));
  const foreign = asReplayed(Object.assign(new RangeError("out"), { limit: 3 }));
  t.true(foreign instanceof RangeError);
  t.is((foreign as RangeError & { limit: number }).limit, 3);
  t.deepEqual(describeError(asReplayed(foreign)), describeError(foreign), "replaying a replayed error changes nothing");
});

test("the summary lists which items finished how, as index runs, and parses back to the same sets", (t) => {
  const many = new BatchResult<number>(
    [
      ...Array.from({ length: 100 }, (_, i): BatchItem<number> => ({ index: i, name: `i${i}`, status: i === 50 ? "FAILED" : "SUCCEEDED", result: i, error: i === 50 ? new Error("x") : undefined }) as BatchItem<number>),
      { index: 100, name: "i100", status: "STARTED" },
    ],
    "MIN_SUCCESSFUL_REACHED",
    200,
  );
  const text = encodeSummary("ParallelResult", many);
  t.like(JSON.parse(text), { type: "ParallelResult", summary: true, succeeded: [[0, 49], [51, 99]], failed: [50], started: [100], totalCount: 200 });
  const parsed = parseSummary(text)!;
  t.is(parsed.succeeded.length, 99);
  t.deepEqual(parsed.failed, [50]);
  t.deepEqual(parsed.started, [100]);
  t.is(parseSummary(""), undefined);
  t.is(parseSummary('{"type":"MapResult","totalCount":3}'), undefined, "the official SDK's counts-only summary is not ours");
  t.truthy(describeBatch(many));
});

test("completionReason: fail-fast without a policy, tolerances, minSuccessful, in the official order", (t) => {
  const at = (succeeded: number, failed: number, total = 10) => ({ succeeded, failed, total });
  t.is(completionReason({}, at(3, 0)), undefined);
  t.is(completionReason({}, at(3, 1)), "FAILURE_TOLERANCE_EXCEEDED");
  t.is(completionReason({}, at(10, 0)), "ALL_COMPLETED");
  t.is(completionReason({}, at(0, 0, 0)), "ALL_COMPLETED", "an empty batch is complete at once");
  t.is(completionReason(CompletionConfig.allCompleted(), at(1, 8)), undefined);
  t.is(completionReason(CompletionConfig.allCompleted(), at(1, 9)), "ALL_COMPLETED");
  t.is(completionReason(CompletionConfig.minSuccessful(2), at(2, 5)), "MIN_SUCCESSFUL_REACHED");
  t.is(completionReason({ toleratedFailureCount: 2 }, at(0, 2)), undefined);
  t.is(completionReason({ toleratedFailureCount: 2 }, at(0, 3)), "FAILURE_TOLERANCE_EXCEEDED");
  t.is(completionReason({ toleratedFailurePercentage: 20 }, at(0, 2)), undefined);
  t.is(completionReason({ toleratedFailurePercentage: 20 }, at(0, 3)), "FAILURE_TOLERANCE_EXCEEDED");
  t.is(completionReason({ minSuccessful: 1, toleratedFailureCount: 0 }, at(1, 1)), "FAILURE_TOLERANCE_EXCEEDED", "a tolerance exceeded wins");
  t.is(completionReason({ minSuccessful: 3 }, at(3, 7)), "ALL_COMPLETED", "every item finished wins over minSuccessful");
});
