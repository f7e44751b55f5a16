import test from "ava";
import { callbackStart, newEngine, running, stepStart, T0, waitStart } from "../../helpers/engine-fixtures.js";

const callbackIdOf = (r: ReturnType<typeof running>, id: string): string => r.op(id)?.CallbackDetails?.CallbackId ?? "";
const suspend = (r: ReturnType<typeof running>, now = T0) =>
  r.engine.completeInvocation(r.arn, { output: { Status: "PENDING" } }, now);

test("nextDueAt is the earliest deadline: waits, retries, callback timeouts", (t) => {
  const r = running();
  t.is(r.engine.nextDueAt(r.arn), undefined);
  r.cp([waitStart("w", 60), callbackStart("cb", { TimeoutSeconds: 30, HeartbeatTimeoutSeconds: 10 })]);
  t.is(r.engine.nextDueAt(r.arn), T0 + 10_000);
  r.cp([stepStart("s"), { Id: "s", Type: "STEP", Action: "RETRY", StepOptions: { NextAttemptDelaySeconds: 5 } }]);
  t.is(r.engine.nextDueAt(r.arn), T0 + 5_000);
  t.is(r.engine.nextDueAt(), T0 + 5_000);
});

test("a due WAIT SUCCEEDS; fireDue names the execution once no invocation is running", (t) => {
  const r = running();
  r.cp([waitStart("w", 2)]);
  t.deepEqual(r.engine.fireDue(T0 + 1999), []);
  t.is(r.op("w")?.Status, "STARTED");
  const end = suspend(r);
  t.false(end.reinvoke);
  t.deepEqual(r.engine.fireDue(T0 + 2000), [r.arn]);
  t.like(r.op("w"), { Status: "SUCCEEDED", EndTimestamp: T0 + 2000 });
  t.deepEqual(r.engine.executionsToInvoke(), [r.arn]);
  t.deepEqual(r.engine.fireDue(T0 + 3000), []);
});

test("a timer that fires during an invocation makes completeInvocation ask for a re-invoke", (t) => {
  const r = running();
  r.cp([waitStart("w", 1)]);
  t.deepEqual(r.engine.fireDue(T0 + 1000), []);
  const end = suspend(r, T0 + 1000);
  t.true(end.reinvoke);
});

test("callback timeout: TIMED_OUT with 'Callback timed out'", (t) => {
  const r = running();
  r.cp([callbackStart("cb", { TimeoutSeconds: 30 })]);
  r.engine.fireDue(T0 + 30_000);
  t.like(r.op("cb"), {
    Status: "TIMED_OUT",
    EndTimestamp: T0 + 30_000,
    CallbackDetails: { Error: { ErrorMessage: "Callback timed out" } },
  });
  const last = r.engine.getRecord(r.arn)?.events.at(-1);
  t.like(last, {
    EventType: "CallbackTimedOut",
    Id: "cb",
    CallbackTimedOutDetails: { Error: { Payload: { ErrorMessage: "Callback timed out" } } },
  });
});

test("heartbeat timeout: heartbeats push it out, silence times out 'on heartbeat'", (t) => {
  const r = running();
  r.cp([callbackStart("cb", { TimeoutSeconds: 100, HeartbeatTimeoutSeconds: 10 })]);
  const id = callbackIdOf(r, "cb");
  r.engine.heartbeatCallback(id, T0 + 8_000);
  t.is(r.engine.nextDueAt(r.arn), T0 + 18_000);
  r.engine.fireDue(T0 + 17_999);
  t.is(r.op("cb")?.Status, "STARTED");
  r.engine.fireDue(T0 + 18_000);
  t.like(r.op("cb"), { Status: "TIMED_OUT", CallbackDetails: { Error: { ErrorMessage: "Callback timed out on heartbeat" } } });
});

test("TimeoutSeconds 0 means no timeout", (t) => {
  const r = running();
  r.cp([callbackStart("cb", { TimeoutSeconds: 0, HeartbeatTimeoutSeconds: 0 })]);
  t.is(r.engine.nextDueAt(r.arn), undefined);
  t.notThrows(() => r.engine.heartbeatCallback(callbackIdOf(r, "cb"), T0));
});

test("callback success and failure complete the operation and wake the execution", (t) => {
  const r = running();
  r.cp([callbackStart("ok"), callbackStart("bad")]);
  suspend(r);
  t.deepEqual(r.engine.succeedCallback(callbackIdOf(r, "ok"), '{"approved":true}', T0 + 5), { arn: r.arn });
  t.like(r.op("ok"), { Status: "SUCCEEDED", EndTimestamp: T0 + 5, CallbackDetails: { Result: '{"approved":true}' } });
  r.engine.failCallback(callbackIdOf(r, "bad"), { ErrorType: "Rejected", ErrorMessage: "no" }, T0 + 6);
  t.like(r.op("bad"), { Status: "FAILED", CallbackDetails: { Error: { ErrorType: "Rejected", ErrorMessage: "no" } } });
  t.deepEqual(r.engine.executionsToInvoke(), [r.arn]);
});

test("callback errors: unknown 404, malformed 400, closed CallbackTimeoutException", (t) => {
  const r = running();
  r.cp([callbackStart("cb", { TimeoutSeconds: 1 }), callbackStart("done")]);
  const unknown = Buffer.from(JSON.stringify({ a: r.arn, o: "nope", n: "x" })).toString("base64");
  t.throws(() => r.engine.succeedCallback(unknown, "1", T0), { name: "ResourceNotFoundException" });
  t.throws(() => r.engine.succeedCallback("Zm9vYmFy", "1", T0), { name: "ResourceNotFoundException" });
  t.throws(() => r.engine.heartbeatCallback("not base64!", T0), { name: "ValidationException" });

  r.engine.succeedCallback(callbackIdOf(r, "done"), "1", T0);
  const closed = t.throws(() => r.engine.succeedCallback(callbackIdOf(r, "done"), "2", T0));
  t.like(closed, { name: "CallbackTimeoutException", statusCode: 400 });
  t.regex(closed?.message ?? "", /expired or the callback associated with the token has already been closed/);

  r.engine.fireDue(T0 + 1000);
  t.throws(() => r.engine.heartbeatCallback(callbackIdOf(r, "cb"), T0 + 1000), { name: "CallbackTimeoutException" });
});

test("callbacks of an ended execution are closed", (t) => {
  const r = running();
  r.cp([callbackStart("cb")]);
  r.engine.stopExecution(r.arn, undefined, T0);
  t.throws(() => r.engine.failCallback(callbackIdOf(r, "cb"), undefined, T0), { name: "CallbackTimeoutException" });
});

test("a callback result over 256 KiB is a ValidationException", (t) => {
  const r = running();
  r.cp([callbackStart("cb")]);
  t.throws(() => r.engine.succeedCallback(callbackIdOf(r, "cb"), "x".repeat(262_145), T0), { name: "ValidationException" });
  t.notThrows(() => r.engine.succeedCallback(callbackIdOf(r, "cb"), "x".repeat(262_144), T0));
});

test("the execution timeout TIMES_OUT the execution; nothing fires afterwards", (t) => {
  const engine = newEngine();
  const { arn } = engine.startExecution({ functionName: "fn", executionTimeoutSeconds: 60 }, T0);
  t.is(engine.nextDueAt(arn), T0 + 60_000);
  engine.fireDue(T0 + 60_000);
  t.like(engine.getRecord(arn), {
    status: "TIMED_OUT",
    endMs: T0 + 60_000,
    error: { ErrorMessage: "Durable execution timed out" },
  });
  t.is(engine.nextDueAt(arn), undefined);
  t.deepEqual(engine.fireDue(T0 + 120_000), []);
});

test("timers due by a checkpoint's time fire first, so a refresh reports the wait over", (t) => {
  const r = running();
  r.cp([waitStart("w", 1)], T0);
  const refresh = r.cp([], T0 + 1000);
  t.deepEqual(
    refresh.NewExecutionState?.Operations?.map((o) => [o.Id, o.Status]),
    [["w", "SUCCEEDED"]],
  );
});
