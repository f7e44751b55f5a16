import {
  CheckpointDurableExecutionCommand,
  GetDurableExecutionStateCommand,
  InvokeCommand,
} from "@aws-sdk/client-lambda";
import test from "ava";
import { MESSAGES } from "../../../src/local/engine/index.js";
import { eventually, heldHandler, serve } from "./service-over-http.js";
import {  } from "./workflows.js";

/**
 * CheckpointDurableExecution and GetDurableExecutionState through the real LambdaClient
 * over HTTP, with the live token of a held invocation: paging, token fencing, ClientToken.
 */

test("CheckpointDurableExecution and GetDurableExecutionState with the live token: paging, token fencing, ClientToken", async (t) => {
  const held = heldHandler();
  const { client, close } = await serve(t, (s) => s.register("manual", held.fn));
  const started = await client.send(new InvokeCommand({ FunctionName: "manual", InvocationType: "Event" }));
  const arn = started.DurableExecutionArn as string;
  const { event } = await held.invocation(0);
  t.is(event.DurableExecutionArn, arn);

  const steps = ["a", "b", "c", "d"].flatMap((id) => [
    { Id: id, Type: "STEP" as const, Action: "START" as const, SubType: "Step", Name: `step-${id}` },
    { Id: id, Type: "STEP" as const, Action: "SUCCEED" as const, SubType: "Step", Payload: `"${id}"` },
  ]);
  const first = await client.send(
    new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: event.CheckpointToken, Updates: steps, ClientToken: "batch-1" }),
  );
  const token = first.CheckpointToken as string;
  t.not(token, event.CheckpointToken);
  t.deepEqual(first.NewExecutionState?.Operations?.map((op) => [op.Id, op.Status]), [
    ["a", "SUCCEEDED"],
    ["b", "SUCCEEDED"],
    ["c", "SUCCEEDED"],
    ["d", "SUCCEEDED"],
  ]);
  t.true(first.NewExecutionState?.Operations?.[0].StartTimestamp instanceof Date);

  // Token fencing: the token just rotated away is refused, as the SDK expects (§8).
  const stale = await t.throwsAsync(
    client.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: event.CheckpointToken, Updates: [] })),
  );
  t.like(stale, { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } });
  t.true(stale?.message.startsWith(MESSAGES.invalidToken));
  // ...unless it is a retry of an applied request: the same ClientToken gets the same answer.
  const retried = await client.send(
    new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: event.CheckpointToken, Updates: steps, ClientToken: "batch-1" }),
  );
  t.is(retried.CheckpointToken, token);

  const invalid = await t.throwsAsync(
    client.send(
      new CheckpointDurableExecutionCommand({
        DurableExecutionArn: arn,
        CheckpointToken: token,
        Updates: [{ Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 0 } }],
      }),
    ),
  );
  t.like(invalid, { name: "ValidationException", $metadata: { httpStatusCode: 400 } });
  t.regex(invalid?.message ?? "", /waitSeconds/);

  const pages: string[][] = [];
  let Marker: string | undefined;
  do {
    const page = await client.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: token, MaxItems: 2, Marker }));
    pages.push((page.Operations ?? []).map((op) => op.Id as string));
    Marker = page.NextMarker;
  } while (Marker);
  t.is(pages.length, 3);
  t.deepEqual(pages.flat().slice(1), ["a", "b", "c", "d"]);
  const wrongToken = await t.throwsAsync(
    client.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: "bm90LWEtdG9rZW4=" })),
  );
  t.like(wrongToken, { name: "InvalidParameterValueException" });

  held.releaseAll({ Status: "SUCCEEDED", Result: '"done"' });
  await eventually(client, arn, (e) => e.EventType === "ExecutionSucceeded");
  const afterEnd = await t.throwsAsync(
    client.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [] })),
  );
  t.like(afterEnd, { name: "InvalidParameterValueException", message: MESSAGES.completedExecution });
  const unknown = await t.throwsAsync(
    client.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: `${arn}9`, CheckpointToken: token, Updates: [] })),
  );
  t.like(unknown, { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } });
  await close();
});
