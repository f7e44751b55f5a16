import test from "ava";
import { DurableEngine } from "../../../src/local/engine/index.js";
import { newEngine, running, stepSucceed, T0 } from "../../helpers/engine-fixtures.js";

/** The model's DurableExecutionArn pattern (shared/model/lambda.json). */
const ARN_PATTERN =
  /^arn:([a-zA-Z0-9-]+):lambda:([a-zA-Z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]+):(\$LATEST(?:\.PUBLISHED)?|[0-9]+)\/durable-execution\/([a-zA-Z0-9_-]+)\/([a-zA-Z0-9_-]+)$/;

test("startExecution: the ARN pattern, and the EXECUTION operation STARTED with the input", (t) => {
  const engine = newEngine();
  const { arn, created } = engine.startExecution({ functionName: "orders", name: "order-42", input: '{"id":42}' }, T0);
  t.true(created);
  t.is(arn, "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/order-42/id-1");
  t.regex(arn, ARN_PATTERN);
  const record = engine.getRecord(arn);
  t.like(record, { status: "RUNNING", name: "order-42", functionName: "orders", qualifier: "$LATEST", startMs: T0 });
  t.deepEqual(record?.operations[0].op, {
    Id: record?.executionOperationId,
    Type: "EXECUTION",
    Status: "STARTED",
    StartTimestamp: T0,
    ExecutionDetails: { InputPayload: '{"id":42}' },
  });
});

test("startExecution: region, account and qualifier are configurable; the name is generated when absent", (t) => {
  const engine = new DurableEngine({ region: "eu-west-1", accountId: "000000000000" });
  const { arn } = engine.startExecution({ functionName: "fn", qualifier: "7" }, T0);
  t.regex(arn, /^arn:aws:lambda:eu-west-1:000000000000:function:fn:7\/durable-execution\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
  t.is(engine.getRecord(arn)?.inputPayload, "{}");
});

test("name idempotency: same name and payload is the same execution; another payload is a 409", (t) => {
  const engine = newEngine();
  const first = engine.startExecution({ functionName: "fn", name: "n", input: "1" }, T0);
  t.deepEqual(engine.startExecution({ functionName: "fn", name: "n", input: "1" }, T0 + 1), { arn: first.arn, created: false });
  const error = t.throws(() => engine.startExecution({ functionName: "fn", name: "n", input: "2" }, T0));
  t.like(error, { name: "DurableExecutionAlreadyStartedException", statusCode: 409 });
  t.true(engine.startExecution({ functionName: "other", name: "n", input: "2" }, T0).created);
});

test("startExecution rejects an invalid name", (t) => {
  t.throws(() => newEngine().startExecution({ functionName: "fn", name: "has space" }, T0), { name: "ValidationException" });
});

test("completeInvocation: SUCCEEDED with Result ends the execution", (t) => {
  const r = running();
  const end = r.engine.completeInvocation(r.arn, { output: { Status: "SUCCEEDED", Result: '"done"' } }, T0 + 9);
  t.like(end, { status: "SUCCEEDED", reinvoke: false, invocation: { outcome: "SUCCEEDED", endMs: T0 + 9 } });
  t.like(r.engine.getRecord(r.arn), { status: "SUCCEEDED", result: '"done"', endMs: T0 + 9 });
});

test("completeInvocation: SUCCEEDED without Result has no result", (t) => {
  const r = running();
  r.engine.completeInvocation(r.arn, { output: { Status: "SUCCEEDED" } }, T0);
  t.is(r.engine.getRecord(r.arn)?.result, undefined);
});

test("completeInvocation: FAILED ends the execution with the Error", (t) => {
  const r = running();
  const Error = { ErrorType: "StepError", ErrorMessage: "nope" };
  r.engine.completeInvocation(r.arn, { output: { Status: "FAILED", Error } }, T0);
  t.like(r.engine.getRecord(r.arn), { status: "FAILED", error: Error });
});

test("completeInvocation: PENDING keeps it RUNNING, with nothing to re-invoke for", (t) => {
  const r = running();
  t.like(r.engine.completeInvocation(r.arn, { output: { Status: "PENDING" } }, T0), { status: "RUNNING", reinvoke: false });
});

test("Result '' after a checkpointed EXECUTION SUCCEED keeps the checkpointed payload (§1.3)", (t) => {
  const r = running();
  const big = JSON.stringify("x".repeat(1000));
  r.cp([stepSucceed("a", "1"), { Id: "e1b2", Type: "EXECUTION", Action: "SUCCEED", Payload: big }], T0 + 1);
  r.engine.completeInvocation(r.arn, { output: { Status: "SUCCEEDED", Result: "" } }, T0 + 2);
  const record = r.engine.getRecord(r.arn);
  t.like(record, { status: "SUCCEEDED", result: big, endMs: T0 + 1 });
  t.is(record?.events.filter((e) => e.EventType === "ExecutionSucceeded").length, 1);
});

test("a thrown invocation stays RUNNING and asks for a retry, until the failure cap fails the execution", (t) => {
  const r = running();
  const first = r.engine.completeInvocation(r.arn, { thrown: new TypeError("flaky") }, T0);
  t.like(first, {
    status: "RUNNING",
    reinvoke: true,
    invocation: { outcome: "THREW", error: { ErrorType: "TypeError", ErrorMessage: "flaky" } },
  });
  r.engine.beginInvocation(r.arn, T0);
  r.engine.completeInvocation(r.arn, { output: { Status: "PENDING" } }, T0);
  t.is(r.engine.getRecord(r.arn)?.consecutiveFailures, 0);
  for (let i = 0; i < 3; i++) {
    r.engine.beginInvocation(r.arn, T0);
    r.engine.completeInvocation(r.arn, { thrown: new Error(`crash ${i}`) }, T0);
  }
  t.like(r.engine.getRecord(r.arn), { status: "FAILED", error: { ErrorType: "Error", ErrorMessage: "crash 2" } });
  t.is(r.engine.getRecord(r.arn)?.invocations.length, 5);
});

test("an output the service cannot read counts as a thrown invocation", (t) => {
  const r = running();
  const end = r.engine.completeInvocation(r.arn, { output: { Status: "DONE" } }, T0);
  t.like(end, { status: "RUNNING", reinvoke: true, invocation: { outcome: "THREW", error: { ErrorType: "TypeError" } } });
});

test("beginInvocation refuses a second concurrent invocation and an ended execution", (t) => {
  const r = running();
  t.throws(() => r.engine.beginInvocation(r.arn, T0), { message: /already running/ });
  r.engine.completeInvocation(r.arn, { output: { Status: "SUCCEEDED" } }, T0);
  t.throws(() => r.engine.beginInvocation(r.arn, T0), { message: /SUCCEEDED, not RUNNING/ });
});

test("stopExecution: STOPPED with the error, once", (t) => {
  const r = running();
  const error = { ErrorMessage: "operator stop" };
  t.deepEqual(r.engine.stopExecution(r.arn, error, T0 + 4), { StopTimestamp: T0 + 4 });
  t.like(r.engine.getRecord(r.arn), { status: "STOPPED", error, endMs: T0 + 4 });
  t.throws(() => r.engine.stopExecution(r.arn, undefined, T0 + 5), { name: "InvalidParameterValueException" });
  // The invocation that was running still ends cleanly; its output changes nothing.
  r.engine.completeInvocation(r.arn, { output: { Status: "SUCCEEDED", Result: "1" } }, T0 + 6);
  t.is(r.engine.getRecord(r.arn)?.status, "STOPPED");
});

test("describeExecution, listExecutions and history paging", (t) => {
  const engine = newEngine();
  const a = engine.startExecution({ functionName: "fn", name: "a", input: "1" }, T0);
  engine.startExecution({ functionName: "fn", name: "b" }, T0 + 1);
  engine.startExecution({ functionName: "other", name: "c" }, T0 + 2);
  t.like(engine.describeExecution(a.arn), {
    DurableExecutionArn: a.arn,
    DurableExecutionName: "a",
    FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST",
    InputPayload: "1",
    Status: "RUNNING",
    StartTimestamp: T0,
  });
  const list = engine.listExecutions({ FunctionName: "fn", ReverseOrder: true, MaxItems: 1 });
  t.deepEqual(
    list.DurableExecutions.map((e) => e.DurableExecutionName),
    ["b"],
  );
  const rest = engine.listExecutions({ FunctionName: "fn", ReverseOrder: true, Marker: list.NextMarker });
  t.deepEqual(
    rest.DurableExecutions.map((e) => e.DurableExecutionName),
    ["a"],
  );
  const history = engine.getHistory(a.arn, { IncludeExecutionData: false });
  t.deepEqual(history.Events[0].ExecutionStartedDetails, { Input: {} });
});
