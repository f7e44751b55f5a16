import test from "ava";
import { callbackStart, contextStart, running, stepStart, stepSucceed, T0, waitStart } from "../../helpers/engine-fixtures.js";

const err = { ErrorType: "TypeError", ErrorMessage: "boom" };

test("STEP START stores a STARTED operation with its identity", (t) => {
  const r = running();
  r.cp([contextStart("p"), stepStart("a", { Name: "charge", ParentId: "p" })], T0 + 10);
  t.deepEqual(r.op("a"), {
    Id: "a",
    ParentId: "p",
    Name: "charge",
    Type: "STEP",
    SubType: "Step",
    Status: "STARTED",
    StartTimestamp: T0 + 10,
  });
});

test("STEP START then SUCCEED: SUCCEEDED, Attempt 1, Result, EndTimestamp", (t) => {
  const r = running();
  r.cp([stepStart("a"), stepSucceed("a", '"ok"')], T0 + 5);
  t.like(r.op("a"), {
    Status: "SUCCEEDED",
    StartTimestamp: T0 + 5,
    EndTimestamp: T0 + 5,
    StepDetails: { Attempt: 1, Result: '"ok"' },
  });
  t.false("Error" in (r.op("a")?.StepDetails ?? {}));
});

test("STEP FAIL: FAILED with the Error and Attempt 1", (t) => {
  const r = running();
  r.cp([stepStart("a")]);
  r.cp([{ Id: "a", Type: "STEP", Action: "FAIL", Error: err }], T0 + 7);
  t.like(r.op("a"), { Status: "FAILED", EndTimestamp: T0 + 7, StepDetails: { Attempt: 1, Error: err } });
});

test("SUCCEED of an unknown Id creates the operation, then completes it", (t) => {
  const r = running();
  r.cp([stepSucceed("a", "1", { Name: "n" })], T0 + 3);
  t.like(r.op("a"), { Status: "SUCCEEDED", Name: "n", StartTimestamp: T0 + 3, StepDetails: { Attempt: 1, Result: "1" } });
  const types = r.engine.getRecord(r.arn)?.events.map((e) => e.EventType);
  t.deepEqual(types, ["ExecutionStarted", "StepSucceeded"]);
});

test("STEP RETRY: PENDING, Attempt counts up, NextAttemptTimestamp only while PENDING", (t) => {
  const r = running();
  const delay = { NextAttemptDelaySeconds: 5 };
  r.cp([stepStart("a"), { Id: "a", Type: "STEP", Action: "RETRY", Error: err, StepOptions: delay }], T0);
  t.like(r.op("a"), { Status: "PENDING", StepDetails: { Attempt: 1, NextAttemptTimestamp: T0 + 5000, Error: err } });

  t.deepEqual(r.engine.fireDue(T0 + 4999), []);
  r.engine.fireDue(T0 + 5000);
  t.is(r.op("a")?.Status, "READY");
  t.false("NextAttemptTimestamp" in (r.op("a")?.StepDetails ?? {}));

  r.cp([stepStart("a"), { Id: "a", Type: "STEP", Action: "RETRY", Error: err, StepOptions: delay }], T0 + 6000);
  t.like(r.op("a"), { Status: "PENDING", StepDetails: { Attempt: 2, NextAttemptTimestamp: T0 + 11_000 } });
  r.engine.fireDue(T0 + 11_000);
  r.cp([stepStart("a"), stepSucceed("a", "3")], T0 + 12_000);
  t.deepEqual(r.op("a")?.StepDetails, { Attempt: 3, Result: "3" });
});

test("STEP RETRY of an unknown Id starts at Attempt 1 and keeps a polling Payload", (t) => {
  const r = running();
  r.cp(
    [
      {
        Id: "c",
        Type: "STEP",
        SubType: "WaitForCondition",
        Action: "RETRY",
        Payload: '{"n":1}',
        StepOptions: { NextAttemptDelaySeconds: 2 },
      },
    ],
    T0,
  );
  t.like(r.op("c"), { Status: "PENDING", StepDetails: { Attempt: 1, Result: '{"n":1}', NextAttemptTimestamp: T0 + 2000 } });
});

test("an at-most-once STEP: START alone, then SUCCEED from STARTED", (t) => {
  const r = running();
  r.cp([stepStart("a")]);
  r.cp([stepSucceed("a", "1")]);
  t.like(r.op("a"), { Status: "SUCCEEDED", StepDetails: { Attempt: 1 } });
});

test("CONTEXT: ReplayChildren from START, then from the completion's ContextOptions", (t) => {
  const r = running();
  r.cp([contextStart("c", { ContextOptions: { ReplayChildren: false } })]);
  t.deepEqual(r.op("c")?.ContextDetails, { ReplayChildren: false });
  r.cp([{ Id: "c", Type: "CONTEXT", Action: "SUCCEED", Payload: "", ContextOptions: { ReplayChildren: true } }], T0 + 9);
  t.like(r.op("c"), { Status: "SUCCEEDED", EndTimestamp: T0 + 9, ContextDetails: { ReplayChildren: true, Result: "" } });
});

test("CONTEXT FAIL stores the Error", (t) => {
  const r = running();
  r.cp([contextStart("c"), { Id: "c", Type: "CONTEXT", Action: "FAIL", Error: err }]);
  t.like(r.op("c"), { Status: "FAILED", ContextDetails: { Error: err } });
});

test("WAIT START schedules its end; CANCEL cancels it", (t) => {
  const r = running();
  const out = r.cp([waitStart("w", 30)], T0 + 1000);
  t.is(r.op("w")?.WaitDetails?.ScheduledEndTimestamp, T0 + 31_000);
  t.is(out.NewExecutionState?.Operations?.[0].WaitDetails?.ScheduledEndTimestamp, T0 + 31_000);
  r.cp([{ Id: "w", Type: "WAIT", Action: "CANCEL" }], T0 + 2000);
  t.like(r.op("w"), { Status: "CANCELLED", EndTimestamp: T0 + 2000 });
  t.is(r.engine.nextDueAt(r.arn), undefined);
});

test("CALLBACK START answers a new base64 CallbackId in CallbackDetails", (t) => {
  const r = running();
  const out = r.cp([callbackStart("cb", {})]);
  const id = out.NewExecutionState?.Operations?.find((o) => o.Id === "cb")?.CallbackDetails?.CallbackId ?? "";
  t.regex(id, /^[A-Za-z0-9+/]+={0,2}$/);
  t.true(id.length <= 1024);
  t.is(r.op("cb")?.CallbackDetails?.CallbackId, id);
  const second = r.cp([callbackStart("cb2", {})]).NewExecutionState?.Operations?.[0].CallbackDetails?.CallbackId;
  t.not(second, id);
});

test("CHAINED_INVOKE START, then completion from outside", (t) => {
  const r = running();
  r.cp([{ Id: "i", Type: "CHAINED_INVOKE", Action: "START", Payload: "{}", ChainedInvokeOptions: { FunctionName: "other" } }]);
  t.is(r.op("i")?.Status, "STARTED");
  r.engine.completeChainedInvoke(r.arn, "i", { status: "SUCCEEDED", result: '"done"' }, T0 + 50);
  t.like(r.op("i"), { Status: "SUCCEEDED", EndTimestamp: T0 + 50, ChainedInvokeDetails: { Result: '"done"' } });
});

test("EXECUTION SUCCEED completes the execution, whatever Id it carries", (t) => {
  const r = running();
  r.cp([{ Id: "execution-result-hash", Type: "EXECUTION", Action: "SUCCEED", Payload: '"big"' }], T0 + 100);
  const record = r.engine.getRecord(r.arn);
  t.like(record, { status: "SUCCEEDED", result: '"big"', endMs: T0 + 100 });
  t.like(r.op(record?.executionOperationId ?? ""), { Type: "EXECUTION", Status: "SUCCEEDED", EndTimestamp: T0 + 100 });
  t.is(r.op("execution-result-hash"), undefined);
});

test("EXECUTION FAIL fails the execution with the Error", (t) => {
  const r = running();
  r.cp([{ Id: "x", Type: "EXECUTION", Action: "FAIL", Error: err }]);
  t.like(r.engine.getRecord(r.arn), { status: "FAILED", error: err });
});

test("operations are kept in start order, the EXECUTION operation first", (t) => {
  const r = running();
  r.cp([stepStart("b"), stepStart("a")]);
  r.cp([waitStart("c", 1)]);
  const ids = r.engine.getRecord(r.arn)?.operations.map((e) => e.op.Id);
  t.deepEqual(ids?.slice(1), ["b", "a", "c"]);
  t.is(r.engine.getRecord(r.arn)?.operations[0].op.Type, "EXECUTION");
});
