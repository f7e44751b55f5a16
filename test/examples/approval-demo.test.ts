// examples/approval-demo.mjs on LocalTestRunner, loaded as a module (a fresh copy for
// every invocation, as Lambda may run each one in a new sandbox). It imports
// "durable-rx" by name (dist/), so the runner comes from the same copy: `npm run build` first.
import test from "ava";
import { fileURLToPath } from "node:url";
import { LocalTestRunner } from "durable-rx/testing";

const handler = { module: fileURLToPath(new URL("../../examples/approval-demo.mjs", import.meta.url)), export: "handler" };
const runner = () => new LocalTestRunner({ handler, freshModulePerInvocation: true, startTime: Date.UTC(2025, 0, 1) });
const DAY = 86_400_000;

test("approved: the budget is reserved on the second attempt 5 s later, paid a day after the approval", async (t) => {
  const r = runner();
  const execution = r.run({ input: { id: "exp-1", amount: 80 } });
  const approval = await r.callbacks.waitFor("manager-approval");
  await approval.succeed(true);
  const result = await execution;
  t.is(result.status, "SUCCEEDED");
  t.deepEqual(result.result, { id: "exp-1", status: "paid", amount: 80, reservation: "res-exp-1", payment: "pay-exp-1" });
  const reserve = result.getOperation("reserve-budget");
  t.like(reserve, { attempt: 2, result: "res-exp-1" });
  t.is(reserve.endedAt! - reserve.startedAt!, 5_000);
  const coolOff = result.getOperation("cool-off");
  t.is(coolOff.startedAt! - result.getOperation("manager-approval").endedAt!, 0);
  t.is(coolOff.endedAt! - coolOff.startedAt!, DAY);
  // The retry, then the cool-off: the answer came while the second invocation still ran
  // (the test answered as soon as the callback started), so that one went straight on.
  t.deepEqual(result.invocations.map((i) => i.outcome), ["PENDING", "PENDING", "SUCCEEDED"]);
});

test("rejected: nothing is paid", async (t) => {
  const result = await runner().run({ input: { id: "exp-2" }, callbacks: { "manager-approval": { succeed: false } } });
  t.deepEqual(result.result, { id: "exp-2", status: "rejected" });
  t.is(result.findOperation("pay"), undefined);
});

test("nobody answers within the week: the approval times out and the execution fails", async (t) => {
  const result = await runner().run({ input: { id: "exp-3" } });
  t.is(result.status, "FAILED");
  const approval = result.getOperation("manager-approval");
  t.is(approval.status, "FAILED");
  t.is(approval.children.find((op) => op.type === "CALLBACK")?.status, "TIMED_OUT");
  t.is(result.endedAt - result.getOperation("validate").startedAt!, 5_000 + 7 * DAY);
});

test("an invalid amount fails in validate", async (t) => {
  const result = await runner().run({ input: { id: "exp-4", amount: 0 } });
  t.is(result.status, "FAILED");
  t.like(result.getOperation("validate").error, { ErrorMessage: "amount must be positive, got 0" });
});
