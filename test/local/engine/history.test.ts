import test from "ava";
import type { OperationUpdate } from "../../../src/wire/types.js";
import { callbackStart, contextStart, newEngine, stepStart, stepSucceed, T0, waitStart } from "../../helpers/engine-fixtures.js";

/** Runs one invocation that checkpoints each batch, then answers `output`. */
function invoke(
  engine: ReturnType<typeof newEngine>,
  arn: string,
  now: number,
  batches: OperationUpdate[][],
  output: unknown,
): void {
  const { event } = engine.beginInvocation(arn, now);
  let token = event.CheckpointToken;
  for (const Updates of batches) {
    token = engine.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates }, now).CheckpointToken ?? token;
  }
  engine.completeInvocation(arn, { output }, now + 1);
}

test("step-basic: five events, each change recorded once", (t) => {
  const engine = newEngine();
  const { arn } = engine.startExecution({ functionName: "fn" }, T0);
  invoke(engine, arn, T0, [[stepStart("c4ca4238a0b92382"), stepSucceed("c4ca4238a0b92382", '"step completed"')]], {
    Status: "SUCCEEDED",
    Result: '"step completed"',
  });
  const record = engine.getRecord(arn);
  const execId = record?.executionOperationId;
  t.deepEqual(record?.events, [
    {
      EventType: "ExecutionStarted",
      EventId: 1,
      Id: execId,
      EventTimestamp: T0,
      ExecutionStartedDetails: { Input: { Payload: "{}" } },
    },
    { EventType: "StepStarted", SubType: "Step", EventId: 2, Id: "c4ca4238a0b92382", EventTimestamp: T0, StepStartedDetails: {} },
    {
      EventType: "StepSucceeded",
      SubType: "Step",
      EventId: 3,
      Id: "c4ca4238a0b92382",
      EventTimestamp: T0,
      StepSucceededDetails: { Result: { Payload: '"step completed"' }, RetryDetails: { CurrentAttempt: 1 } },
    },
    {
      EventType: "InvocationCompleted",
      EventId: 4,
      EventTimestamp: T0 + 1,
      InvocationCompletedDetails: {
        StartTimestamp: T0,
        EndTimestamp: T0 + 1,
        RequestId: record?.invocations[0].requestId,
        Error: {},
      },
    },
    {
      EventType: "ExecutionSucceeded",
      EventId: 5,
      Id: execId,
      EventTimestamp: T0 + 1,
      ExecutionSucceededDetails: { Result: { Payload: '"step completed"' } },
    },
  ]);
});

test("step-with-retry: each retry is a new invocation, StepFailed carries RetryDetails", (t) => {
  const engine = newEngine();
  const { arn } = engine.startExecution({ functionName: "fn" }, T0);
  const error = { ErrorType: "Error", ErrorMessage: "Random failure" };
  const retry = (delay: number): OperationUpdate => ({
    Id: "s",
    Type: "STEP",
    SubType: "Step",
    Action: "RETRY",
    Error: error,
    StepOptions: { NextAttemptDelaySeconds: delay },
  });
  invoke(engine, arn, T0, [[stepStart("s")], [retry(1)]], { Status: "PENDING" });
  engine.fireDue(T0 + 1000);
  invoke(engine, arn, T0 + 1000, [[stepStart("s")], [retry(2)]], { Status: "PENDING" });
  engine.fireDue(T0 + 3000);
  invoke(engine, arn, T0 + 3000, [[stepStart("s"), stepSucceed("s", '"ok"')]], { Status: "SUCCEEDED", Result: '"ok"' });
  const events = engine.getRecord(arn)?.events ?? [];
  t.deepEqual(
    events.map((e) => e.EventType),
    [
      "ExecutionStarted",
      ...["StepStarted", "StepFailed", "InvocationCompleted"],
      ...["StepStarted", "StepFailed", "InvocationCompleted"],
      ...["StepStarted", "StepSucceeded", "InvocationCompleted", "ExecutionSucceeded"],
    ],
  );
  t.deepEqual(
    events.map((e) => e.EventId),
    events.map((_, i) => i + 1),
  );
  const failed = events.filter((e) => e.EventType === "StepFailed");
  t.deepEqual(failed[0].StepFailedDetails, {
    Error: { Payload: error },
    RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 1 },
  });
  t.deepEqual(failed[1].StepFailedDetails, {
    Error: { Payload: error },
    RetryDetails: { CurrentAttempt: 2, NextAttemptDelaySeconds: 2 },
  });
  t.deepEqual(events.find((e) => e.EventType === "StepSucceeded")?.StepSucceededDetails, {
    Result: { Payload: '"ok"' },
    RetryDetails: { CurrentAttempt: 3 },
  });
});

test("wait, callback and context events carry their details", (t) => {
  const engine = newEngine();
  const { arn } = engine.startExecution({ functionName: "fn" }, T0);
  invoke(
    engine,
    arn,
    T0,
    [
      [
        waitStart("w", 5, { Name: "pause" }),
        callbackStart("cb", { TimeoutSeconds: 60 }),
        contextStart("c", { Name: "kid" }),
        { Id: "c", Type: "CONTEXT", Action: "SUCCEED", Payload: "7" },
      ],
    ],
    { Status: "PENDING" },
  );
  engine.fireDue(T0 + 5000);
  const events = engine.getRecord(arn)?.events ?? [];
  const byType = (type: string) => events.filter((e) => e.EventType === type);
  t.like(byType("WaitStarted")[0], {
    Name: "pause",
    SubType: "Wait",
    WaitStartedDetails: { Duration: 5, ScheduledEndTimestamp: T0 + 5000 },
  });
  t.like(byType("WaitSucceeded")[0], { Id: "w", EventTimestamp: T0 + 5000, WaitSucceededDetails: { Duration: 5 } });
  const callbackId = engine.getRecord(arn)?.operations.find((e) => e.op.Id === "cb")?.op.CallbackDetails?.CallbackId;
  t.deepEqual(byType("CallbackStarted")[0].CallbackStartedDetails, { CallbackId: callbackId, Timeout: 60 });
  t.like(byType("ContextStarted")[0], { Name: "kid", ContextStartedDetails: {} });
  t.deepEqual(byType("ContextSucceeded")[0].ContextSucceededDetails, { Result: { Payload: "7" } });
  t.is(events.length, 7);
});

test("a thrown invocation records its error in InvocationCompleted", (t) => {
  const engine = newEngine();
  const { arn } = engine.startExecution({ functionName: "fn" }, T0);
  engine.beginInvocation(arn, T0);
  engine.completeInvocation(arn, { thrown: new RangeError("bad") }, T0);
  const last = engine.getRecord(arn)?.events.at(-1);
  t.like(last, {
    EventType: "InvocationCompleted",
    InvocationCompletedDetails: { Error: { Payload: { ErrorType: "RangeError", ErrorMessage: "bad" } } },
  });
});

test("history pages: forwards and newest first, each marker continuing where the last page ended", (t) => {
  const engine = newEngine();
  const { arn } = engine.startExecution({ functionName: "fn" }, T0);
  invoke(engine, arn, T0, [[0, 1, 2].flatMap((i) => [stepStart(`s${i}`), stepSucceed(`s${i}`, String(i))])], { Status: "PENDING" });
  // ExecutionStarted, 3 × (StepStarted, StepSucceeded), InvocationCompleted: 8 events.
  const all = (reverse: boolean): number[] => {
    const ids: number[] = [];
    let Marker: string | undefined;
    do {
      const page = engine.getHistory(arn, { MaxItems: 3, ReverseOrder: reverse, Marker });
      t.true(page.Events.length <= 3);
      ids.push(...page.Events.map((e) => e.EventId));
      Marker = page.NextMarker;
    } while (Marker);
    return ids;
  };
  t.deepEqual(all(false), [1, 2, 3, 4, 5, 6, 7, 8]);
  t.deepEqual(all(true), [8, 7, 6, 5, 4, 3, 2, 1]);
  t.deepEqual(engine.getHistory(arn, { MaxItems: 8 }).NextMarker, undefined);
});
