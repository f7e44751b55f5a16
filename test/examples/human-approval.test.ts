// Runs examples/human-approval.ts against the built package (npm run build first).
import test from "ava";
import { inbox, runPurchase } from "../../examples/human-approval.js";

const events = (run: Awaited<ReturnType<typeof runPurchase>>) => run.engine.getHistory(run.arn).Events.map((e) => e.EventType);

test("approved: suspends until the approver answers, then places the order", async (t) => {
  const run = await runPurchase({ id: "t-1", item: "laptop", amount: 1800, approver: "dana" }, { approved: true, by: "dana" });
  t.is(run.status, "SUCCEEDED");
  t.deepEqual(JSON.parse(run.result!), { id: "t-1", status: "ordered", orderNumber: "PO-t-1", approvedBy: "dana" });
  t.deepEqual(run.invocations.map((i) => ("status" in i ? i.status : "THREW")), ["PENDING", "SUCCEEDED"]);
  const history = events(run);
  t.is(history.filter((e) => e === "CallbackStarted").length, 1);
  t.true(history.includes("CallbackSucceeded"));
  // The request went out once: the second invocation replayed the step.
  t.is(run.engine.getHistory(run.arn).Events.filter((e) => e.EventType === "StepStarted" && e.Name === "request-approval").length, 1);
  t.false(inbox.some((r) => r.purchase === "t-1"), "the approver took the request from the inbox");
});

test("rejected: the approver's answer ends the purchase", async (t) => {
  const run = await runPurchase({ id: "t-2", item: "yacht", amount: 2_000_000, approver: "dana" }, { approved: false, by: "dana" });
  t.deepEqual(JSON.parse(run.result!), { id: "t-2", status: "rejected", reason: "rejected by dana" });
});

test("nobody answers: after two days (virtual time) the callback times out and counts as a rejection", async (t) => {
  const run = await runPurchase({ id: "t-3", item: "chair", amount: 250, approver: "sam" }, undefined);
  t.is(run.status, "SUCCEEDED");
  t.deepEqual(JSON.parse(run.result!), { id: "t-3", status: "rejected", reason: "no answer within 2 days" });
  t.true(events(run).includes("CallbackTimedOut"));
  const started = run.engine.getHistory(run.arn).Events.find((e) => e.EventType === "CallbackStarted") as any;
  t.is(started.CallbackStartedDetails.Timeout, 2 * 24 * 3600);
});

test("an invalid purchase fails in its first step, before any callback", async (t) => {
  const run = await runPurchase({ id: "t-4", item: "refund", amount: -5, approver: "dana" }, undefined);
  t.is(run.status, "FAILED");
  t.false(events(run).includes("CallbackStarted"));
});
