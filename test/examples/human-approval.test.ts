// examples/human-approval.ts on LocalTestRunner. The example imports "durable-rx" by
// name (dist/), so the runner comes from the same copy: `npm run build` first.
import test from "ava";
import { LocalTestRunner } from "durable-rx/testing";
import { handler, inbox, type Purchase } from "../../examples/human-approval.js";

const DAY = 86_400_000;
const purchase = (id: string, amount = 1800): Purchase => ({ id, item: "laptop", amount, approver: "dana" });
const eventTypes = (history: readonly { EventType: string }[]) => history.map((e) => e.EventType);

test("approved: suspends until the approver answers, then places the order", async (t) => {
  const runner = new LocalTestRunner({ handler });
  const execution = runner.run({ input: purchase("t-1") });
  const approval = await runner.callbacks.waitFor("manager-approval");
  // The approver reads the request from the inbox once the step has sent it.
  await runner.waitForOperation("request-approval", { until: "ended" });
  const request = inbox.find((r) => r.purchase === "t-1");
  t.is(request?.callbackId, approval.callbackId, "the inbox carries the callback's id");
  inbox.splice(inbox.indexOf(request!), 1);
  await approval.succeed({ approved: true, by: "dana" });

  const result = await execution;
  t.is(result.status, "SUCCEEDED");
  t.deepEqual(result.result, { id: "t-1", status: "ordered", orderNumber: "PO-t-1", approvedBy: "dana" });
  t.deepEqual(result.invocations.map((i) => i.outcome), ["PENDING", "SUCCEEDED"]);
  t.is(eventTypes(result.history).filter((e) => e === "CallbackStarted").length, 1);
  t.true(eventTypes(result.history).includes("CallbackSucceeded"));
  // The request went out once: the second invocation replayed the step.
  t.is(result.history.filter((e) => e.EventType === "StepStarted" && e.Name === "request-approval").length, 1);
  t.false(inbox.some((r) => r.purchase === "t-1"), "the approver took the request from the inbox");
});

test("rejected: the approver's answer ends the purchase", async (t) => {
  const answer = { succeed: { approved: false, by: "dana" } };
  const result = await new LocalTestRunner({ handler }).run({ input: purchase("t-2", 2_000_000), callbacks: { "manager-approval": answer } });
  t.deepEqual(result.result, { id: "t-2", status: "rejected", reason: "rejected by dana" });
  t.is(result.findOperation("place-order"), undefined);
});

test("nobody answers: after two days (virtual time) the callback times out and counts as a rejection", async (t) => {
  const result = await new LocalTestRunner({ handler }).run({ input: purchase("t-3", 250) });
  t.is(result.status, "SUCCEEDED");
  t.deepEqual(result.result, { id: "t-3", status: "rejected", reason: "no answer within 2 days" });
  const callback = result.getOperation("manager-approval");
  t.is(callback.status, "TIMED_OUT");
  t.is(callback.endedAt! - callback.startedAt!, 2 * DAY);
  const started = result.history.find((e) => e.EventType === "CallbackStarted") as { CallbackStartedDetails?: { Timeout?: number } };
  t.is(started.CallbackStartedDetails?.Timeout, 2 * 24 * 3600);
});

test("an invalid purchase fails in its first step, before any callback", async (t) => {
  const result = await new LocalTestRunner({ handler }).run({ input: purchase("t-4", -5) });
  t.is(result.status, "FAILED");
  t.like(result.getOperation("validate").error, { ErrorMessage: "amount must be positive, got -5" });
  t.false(eventTypes(result.history).includes("CallbackStarted"));
});
