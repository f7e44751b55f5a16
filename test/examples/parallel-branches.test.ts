// Runs examples/parallel-branches.ts against the built package (npm run build first).
import test from "ava";
import { runShipment } from "../../examples/parallel-branches.js";

const statusesOf = (run: Awaited<ReturnType<typeof runShipment>>) => run.invocations.map((i) => ("status" in i ? i.status : "THREW"));

test("every carrier up: the first two quotes complete the parallel; the slow branch is left STARTED and its later work never recorded", async (t) => {
  const run = await runShipment({ id: "t-1", weightKg: 2 });
  t.is(run.status, "SUCCEEDED");
  t.deepEqual(statusesOf(run), ["SUCCEEDED"]);
  t.deepEqual(JSON.parse(run.result!), {
    parcel: "t-1",
    booking: "FEDEX-t-1",
    price: 7.8,
    completionReason: "MIN_SUCCESSFUL_REACHED",
    statuses: { ups: "SUCCEEDED", dhl: "STARTED", fedex: "SUCCEEDED" },
  });
  const events = run.engine.getHistory(run.arn).Events;
  t.false(events.some((e) => e.Name === "ask-dhl"), "DHL was never asked");
});

test("one carrier down: the parallel suspends for DHL's hour (virtual time), then books the cheapest", async (t) => {
  const run = await runShipment({ id: "t-2", weightKg: 5, down: ["fedex"] });
  t.deepEqual(statusesOf(run), ["PENDING", "SUCCEEDED"]);
  t.like(JSON.parse(run.result!), { booking: "DHL-t-2", price: 16, statuses: { ups: "SUCCEEDED", dhl: "SUCCEEDED", fedex: "FAILED" } });
  const asked = run.engine.getHistory(run.arn).Events.filter((e) => e.EventType === "StepStarted").map((e) => e.Name);
  t.is(asked.filter((name) => name === "ask-ups").length, 1, "UPS was asked once, not again after the suspension");
});

test("every carrier down: the batch completes with three failures and the workflow fails with the first", async (t) => {
  const run = await runShipment({ id: "t-3", weightKg: 1, down: ["ups", "dhl", "fedex"] });
  t.is(run.status, "FAILED");
  t.is(run.error?.ErrorMessage, "ups quoting service unavailable");
});
