import {
  CheckpointDurableExecutionCommand,
  GetDurableExecutionCommand,
  GetDurableExecutionStateCommand,
  SendDurableExecutionCallbackSuccessCommand,
  StopDurableExecutionCommand,
} from "@aws-sdk/client-lambda";
import test from "ava";
import { EngineError } from "../../src/local/engine/index.js";
import { InProcessLambdaClient, type InProcessClientOptions } from "../../src/local/in-process-client.js";
import type { CheckpointDurableExecutionOutput, GetDurableExecutionStateOutput } from "../../src/wire/types.js";
import { callbackStart, newEngine, stepStart, stepSucceed, T0, waitStart } from "../helpers/engine-fixtures.js";

function setup(options: InProcessClientOptions = {}) {
  const engine = newEngine();
  const { arn } = engine.startExecution({ functionName: "fn", input: '{"a":1}' }, T0);
  const { event } = engine.beginInvocation(arn, T0);
  const client = new InProcessLambdaClient(engine, { clock: () => T0 + 1000, ...options });
  return { engine, arn, token: event.CheckpointToken, client };
}

type Out = CheckpointDurableExecutionOutput & { $metadata: { httpStatusCode: number } };

test("a checkpoint through the real command class: Date timestamps and $metadata", async (t) => {
  const { arn, token, client } = setup();
  const out = (await client.send(
    new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [waitStart("w", 5)] }),
  )) as Out;
  t.is(out.$metadata.httpStatusCode, 200);
  const wait = out.NewExecutionState?.Operations?.[0];
  t.true(wait?.StartTimestamp instanceof Date);
  t.deepEqual(wait?.StartTimestamp, new Date(T0 + 1000));
  t.deepEqual(wait?.WaitDetails?.ScheduledEndTimestamp, new Date(T0 + 6000));
  t.regex(out.CheckpointToken ?? "", /^[A-Za-z0-9+/]+={0,2}$/);
});

test("GetDurableExecutionState through the command class", async (t) => {
  const { arn, token, client } = setup();
  const out = (await client.send(
    new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: token, MaxItems: 10 }),
  )) as GetDurableExecutionStateOutput;
  t.is(out.Operations?.[0].Type, "EXECUTION");
  t.true(out.Operations?.[0].StartTimestamp instanceof Date);
});

test("service errors look like the AWS SDK's: name, message, $fault, $metadata.httpStatusCode", async (t) => {
  const { arn, client } = setup();
  const error = await t.throwsAsync(
    client.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: "c3RhbGU=", Updates: [] })),
  );
  t.true(error instanceof Error);
  t.like(error, {
    name: "InvalidParameterValueException",
    message: "Invalid Checkpoint Token",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
  const missing = await t.throwsAsync(client.send(new GetDurableExecutionCommand({ DurableExecutionArn: `${arn}0` })));
  t.like(missing, { name: "ResourceNotFoundException", $fault: "client", $metadata: { httpStatusCode: 404 } });
  t.is(client.stats.errors, 2);
});

test("an unexpected engine failure is a 500 ServiceException with the cause kept", async (t) => {
  const { engine, arn, token } = setup();
  const broken = new InProcessLambdaClient(
    Object.assign(Object.create(engine) as typeof engine, {
      checkpoint: () => {
        throw new TypeError("disk on fire");
      },
    }),
  );
  const error = await t.throwsAsync(
    broken.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token })),
  );
  t.like(error, { name: "ServiceException", $fault: "server", $metadata: { httpStatusCode: 500 } });
  t.true((error as Error).cause instanceof TypeError);
});

test("inputs and outputs are deep copies", async (t) => {
  const { engine, arn, token, client } = setup();
  const updates = [stepStart("a", { Name: "n" })];
  const send = client.send(
    new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: updates }),
  );
  updates[0].Name = "changed after send";
  const out = (await send) as Out;
  t.is(engine.getRecord(arn)?.operations[1].op.Name, "n");
  const op = out.NewExecutionState?.Operations?.[0];
  if (op) op.Status = "FAILED";
  t.is(engine.getRecord(arn)?.operations[1].op.Status, "STARTED");
});

test("a missing ClientToken is filled, so resending the same command is a new request", async (t) => {
  const { arn, token, client } = setup();
  const command = new CheckpointDurableExecutionCommand({
    DurableExecutionArn: arn,
    CheckpointToken: token,
    Updates: [stepStart("a")],
  });
  await client.send(command);
  await t.throwsAsync(client.send(command), { name: "InvalidParameterValueException" });
});

test("afterResponse can lose a response; the retry with the same ClientToken gets it back", async (t) => {
  let lose = true;
  const { engine, arn, token, client } = setup({
    afterResponse: () => {
      if (lose) {
        lose = false;
        throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      }
    },
  });
  const command = new CheckpointDurableExecutionCommand({
    DurableExecutionArn: arn,
    CheckpointToken: token,
    Updates: [stepSucceed("a", "1")],
    ClientToken: "ct-1",
  });
  await t.throwsAsync(client.send(command), { message: "socket hang up" });
  t.is(engine.getRecord(arn)?.operations[1].op.Status, "SUCCEEDED");
  const out = (await client.send(command)) as Out;
  t.deepEqual(
    out.NewExecutionState?.Operations?.map((o) => o.Id),
    ["a"],
  );
  t.is(engine.getRecord(arn)?.events.filter((e) => e.EventType === "StepSucceeded").length, 1);
});

test("beforeRequest faults apply nothing; an EngineError thrown there is shaped like the service's", async (t) => {
  let fault: unknown = new Error("network down");
  const { engine, arn, token, client } = setup({
    beforeRequest: () => {
      if (fault) throw fault;
    },
  });
  const command = new CheckpointDurableExecutionCommand({
    DurableExecutionArn: arn,
    CheckpointToken: token,
    Updates: [stepStart("a")],
  });
  await t.throwsAsync(client.send(command), { message: "network down" });
  fault = new EngineError("TooManyRequestsException", "Rate exceeded");
  await t.throwsAsync(client.send(command), { name: "TooManyRequestsException", message: "Rate exceeded" });
  t.like(await client.send(command).catch((e: unknown) => e), { $metadata: { httpStatusCode: 429 } });
  t.is(engine.getRecord(arn)?.operations.length, 1);
});

test("counters: requests by command and updates per checkpoint", async (t) => {
  const { arn, token, client } = setup();
  const first = (await client.send({
    name: "CheckpointDurableExecution",
    input: { DurableExecutionArn: arn, CheckpointToken: token, Updates: [stepStart("a"), stepSucceed("a")] },
  })) as Out;
  await client.send({
    name: "CheckpointDurableExecutionCommand",
    input: { DurableExecutionArn: arn, CheckpointToken: first.CheckpointToken, Updates: [] },
  });
  await client.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: token }));
  t.like(client.stats, { requests: 3, checkpoints: 2, updates: 2, updatesPerCheckpoint: [2, 0] });
  t.deepEqual(client.stats.byCommand, { CheckpointDurableExecution: 2, GetDurableExecutionState: 1 });
  client.resetStats();
  t.is(client.stats.requests, 0);
});

test("callback success takes the SDK's blob; stop and describe return Dates", async (t) => {
  const { engine, arn, token, client } = setup();
  const out = (await client.send(
    new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [callbackStart("cb")] }),
  )) as Out;
  const CallbackId = out.NewExecutionState?.Operations?.[0].CallbackDetails?.CallbackId ?? "";
  await client.send(
    new SendDurableExecutionCallbackSuccessCommand({ CallbackId, Result: new TextEncoder().encode('{"ok":true}') }),
  );
  t.is(engine.getRecord(arn)?.operations[1].op.CallbackDetails?.Result, '{"ok":true}');
  const stop = (await client.send(
    new StopDurableExecutionCommand({ DurableExecutionArn: arn, Error: { ErrorMessage: "enough" } }),
  )) as { StopTimestamp: Date };
  t.deepEqual(stop.StopTimestamp, new Date(T0 + 1000));
  const described = (await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }))) as {
    Status: string;
    EndTimestamp: Date;
  };
  t.like(described, { Status: "STOPPED" });
  t.true(described.EndTimestamp instanceof Date);
});

test("latency delays the answer; an unknown command is a programming error", async (t) => {
  const { engine, arn, token } = setup();
  const slow = new InProcessLambdaClient(engine, { latencyMs: 1 });
  const out = (await slow.send(
    new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: token }),
  )) as GetDurableExecutionStateOutput;
  t.is(out.Operations?.length, 1);
  await t.throwsAsync(slow.send({ name: "Invoke", input: {} }), { message: "InProcessLambdaClient does not implement Invoke" });
});
