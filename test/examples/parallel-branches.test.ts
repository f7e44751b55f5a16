// examples/parallel-branches.ts on LocalTestRunner. The example imports "durable-rx" by
// name (dist/), so the runner comes from the same copy: `npm run build` first.
import test from "ava";
import { LocalTestRunner } from "durable-rx/testing";
import { handler, type Parcel } from "../../examples/parallel-branches.js";

const ship = (parcel: Parcel) => new LocalTestRunner({ handler }).run({ input: parcel });
const HOUR = 3_600_000;

test("every carrier up: the first two quotes complete the parallel; the slow branch is left STARTED and its later work never recorded", async (t) => {
  const result = await ship({ id: "t-1", weightKg: 2 });
  t.is(result.status, "SUCCEEDED");
  t.deepEqual(result.invocations.map((i) => i.outcome), ["SUCCEEDED"]);
  t.deepEqual(result.result, {
    parcel: "t-1",
    booking: "FEDEX-t-1",
    price: 7.8,
    completionReason: "MIN_SUCCESSFUL_REACHED",
    statuses: { ups: "SUCCEEDED", dhl: "STARTED", fedex: "SUCCEEDED" },
  });
  t.is(result.findOperation("ask-dhl"), undefined, "DHL was never asked");
  t.is(result.getOperation("dhl-queue").status, "STARTED");
});

test("one carrier down: the parallel suspends for DHL's hour (virtual time), then books the cheapest", async (t) => {
  const result = await ship({ id: "t-2", weightKg: 5, down: ["fedex"] });
  t.deepEqual(result.invocations.map((i) => i.outcome), ["PENDING", "SUCCEEDED"]);
  t.is(result.invocations[1].startMs - result.invocations[0].startMs, HOUR);
  t.like(result.result, { booking: "DHL-t-2", price: 16, statuses: { ups: "SUCCEEDED", dhl: "SUCCEEDED", fedex: "FAILED" } });
  const asked = result.history.filter((e) => e.EventType === "StepStarted").map((e) => e.Name);
  t.is(asked.filter((name) => name === "ask-ups").length, 1, "UPS was asked once, not again after the suspension");
  t.deepEqual(result.getOperation("quotes").children.map((branch) => branch.subType), ["ParallelBranch", "ParallelBranch", "ParallelBranch"]);
});

test("every carrier down: the batch completes with three failures and the workflow fails with the first", async (t) => {
  const result = await ship({ id: "t-3", weightKg: 1, down: ["ups", "dhl", "fedex"] });
  t.is(result.status, "FAILED");
  t.is(result.error?.ErrorMessage, "ups quoting service unavailable");
});
