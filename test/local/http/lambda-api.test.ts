import {
  CheckpointDurableExecutionCommand,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  GetDurableExecutionStateCommand,
  InvokeCommand,
  ListDurableExecutionsByFunctionCommand,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
  StopDurableExecutionCommand,
  paginateGetDurableExecutionHistory,
  paginateListDurableExecutionsByFunction,
} from "@aws-sdk/client-lambda";
import test from "ava";
import { CallbackError, ChildContextError } from "../../../src/index.js";
import { MESSAGES } from "../../../src/local/engine/index.js";
import { clientFor, eventually, handler, heldHandler, historyOf, serve, T0 } from "./service-over-http.js";

/**
 * Every Lambda API operation of the local service, driven only through the real
 * LambdaClient over HTTP: answers, error cases, paging, idempotent start and token fencing.
 */

const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes ?? new Uint8Array());
const encode = (value: string): Uint8Array => new TextEncoder().encode(value);

const greeter = handler(async (event: { name: string }, ctx) => {
  const greeting = await ctx.step("greet", () => `hello ${event.name}`);
  await ctx.wait("pause", { hours: 2 });
  return { greeting, shout: await ctx.step("shout", () => greeting.toUpperCase()) };
});

const failing = handler(async (_event, ctx) => {
  await ctx.step("try", () => 1);
  throw new RangeError("out of range");
});

/** Waits for an approval; answers with what came, or with how the callback failed. */
const approval = handler(async (_event, ctx) => {
  try {
    return { approved: await ctx.waitForCallback("approval", () => undefined) };
  } catch (error) {
    const cause = error instanceof ChildContextError ? error.cause : error;
    return { failed: cause instanceof CallbackError ? `${cause.name}: ${cause.message}` : String(cause) };
  }
});

test("Invoke (RequestResponse) answers 200 once the execution ended: result payload, ARN and version headers", async (t) => {
  const { client, close } = await serve(t, (s) => s.register("greeter", greeter));
  const out = await client.send(new InvokeCommand({ FunctionName: "greeter", Payload: encode('{"name":"ada"}'), DurableExecutionName: "first" }));
  t.is(out.StatusCode, 200);
  t.deepEqual(JSON.parse(text(out.Payload)), { greeting: "hello ada", shout: "HELLO ADA" });
  t.is(out.DurableExecutionArn, "arn:aws:lambda:us-east-1:123456789012:function:greeter:$LATEST/durable-execution/first/id-1");
  t.is(out.ExecutedVersion, "$LATEST");
  t.is(out.FunctionError, undefined);
  await close();
});

test("Invoke of an execution that fails answers 200 with X-Amz-Function-Error and Lambda's error payload", async (t) => {
  const { client, close } = await serve(t, (s) => s.register("failing", failing));
  const out = await client.send(new InvokeCommand({ FunctionName: "failing" }));
  t.is(out.StatusCode, 200);
  t.is(out.FunctionError, "Unhandled");
  t.like(JSON.parse(text(out.Payload)), { errorType: "RangeError", errorMessage: "out of range" });
  t.truthy(out.DurableExecutionArn);
  await close();
});

test("Invoke (Event) answers 202 at once with the ARN; DryRun answers 204 and starts nothing", async (t) => {
  const { service, client, close } = await serve(t, (s) => s.register("greeter", greeter));
  const event = await client.send(new InvokeCommand({ FunctionName: "greeter", InvocationType: "Event", Payload: encode('{"name":"bo"}') }));
  t.is(event.StatusCode, 202);
  t.is(text(event.Payload), "");
  const done = await service.waitForEnd(event.DurableExecutionArn as string);
  t.is(done.status, "SUCCEEDED");
  t.is(event.ExecutedVersion, undefined);
  const dry = await client.send(new InvokeCommand({ FunctionName: "greeter", InvocationType: "DryRun" }));
  t.is(dry.StatusCode, 204);
  t.is(dry.DurableExecutionArn, undefined);
  t.is(service.executions().length, 1);
  await close();
});

test("Invoke with a qualifier and a function ARN as the name", async (t) => {
  const { client, close } = await serve(t, (s) => s.register("greeter", greeter));
  const out = await client.send(
    new InvokeCommand({
      FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:greeter",
      Qualifier: "3",
      Payload: encode('{"name":"cy"}'),
    }),
  );
  t.is(out.StatusCode, 200);
  t.regex(out.DurableExecutionArn ?? "", /:function:greeter:3\/durable-execution\//);
  t.is(out.ExecutedVersion, "3");
  await close();
});

test("Invoke errors: unknown function 404, bad execution name 400, payload not JSON 400", async (t) => {
  const { client, close } = await serve(t, (s) => s.register("greeter", greeter));
  const missing = await t.throwsAsync(client.send(new InvokeCommand({ FunctionName: "nobody" })));
  t.like(missing, { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } });
  const badName = await t.throwsAsync(client.send(new InvokeCommand({ FunctionName: "greeter", DurableExecutionName: "no spaces" })));
  t.like(badName, { name: "ValidationException", $metadata: { httpStatusCode: 400 } });
  const notJson = await t.throwsAsync(client.send(new InvokeCommand({ FunctionName: "greeter", Payload: encode("{oops") })));
  t.like(notJson, { name: "InvalidRequestContentException", $metadata: { httpStatusCode: 400 } });
  await close();
});

test("idempotent start: the same name and payload is the same execution; another payload is a 409", async (t) => {
  const { client, service, close } = await serve(t, (s) => s.register("greeter", greeter));
  const start = (payload: string) =>
    client.send(new InvokeCommand({ FunctionName: "greeter", InvocationType: "Event", DurableExecutionName: "once", Payload: encode(payload) }));
  const first = await start('{"name":"di"}');
  const again = await start('{"name":"di"}');
  t.is(again.DurableExecutionArn, first.DurableExecutionArn);
  const other = await t.throwsAsync(start('{"name":"eve"}'));
  t.like(other, { name: "DurableExecutionAlreadyStartedException", $metadata: { httpStatusCode: 409 } });
  await service.waitForEnd(first.DurableExecutionArn as string);
  // Still the same execution after it ended: RequestResponse answers with its result.
  const after = await client.send(new InvokeCommand({ FunctionName: "greeter", DurableExecutionName: "once", Payload: encode('{"name":"di"}') }));
  t.is(after.DurableExecutionArn, first.DurableExecutionArn);
  t.deepEqual(JSON.parse(text(after.Payload)), { greeting: "hello di", shout: "HELLO DI" });
  t.is(service.executions().length, 1);
  await close();
});

test("GetDurableExecution: the execution with Date timestamps; IncludeExecutionData=false leaves the data out; 404", async (t) => {
  const { client, close } = await serve(t, (s) => s.register("greeter", greeter));
  const { DurableExecutionArn: arn } = await client.send(new InvokeCommand({ FunctionName: "greeter", Payload: encode('{"name":"fay"}') }));
  const full = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
  t.like(full, {
    DurableExecutionArn: arn,
    FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:greeter:$LATEST",
    Status: "SUCCEEDED",
    InputPayload: '{"name":"fay"}',
    Result: '{"greeting":"hello fay","shout":"HELLO FAY"}',
  });
  t.deepEqual(full.StartTimestamp, new Date(T0));
  t.deepEqual(full.EndTimestamp, new Date(T0 + 2 * 3_600_000));
  const lean = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn, IncludeExecutionData: false }));
  t.is(lean.InputPayload, undefined);
  t.is(lean.Result, undefined);
  t.is(lean.Status, "SUCCEEDED");
  const missing = await t.throwsAsync(client.send(new GetDurableExecutionCommand({ DurableExecutionArn: `${arn}0` })));
  t.like(missing, { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } });
  await close();
});

test("GetDurableExecutionHistory: the §13 events, paged by MaxItems and Marker, in reverse, without data", async (t) => {
  const { client, close } = await serve(t, (s) => s.register("greeter", greeter));
  const { DurableExecutionArn: arn } = await client.send(new InvokeCommand({ FunctionName: "greeter", Payload: encode('{"name":"gus"}') }));
  const all = await historyOf(client, arn as string);
  t.deepEqual(
    all.map((e) => e.EventType),
    [
      "ExecutionStarted",
      "StepStarted",
      "StepSucceeded",
      "WaitStarted",
      "InvocationCompleted",
      "WaitSucceeded",
      "StepStarted",
      "StepSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ],
  );
  t.deepEqual(all[0].EventTimestamp, new Date(T0));
  t.like(all[3], { Name: "pause", WaitStartedDetails: { Duration: 7200, ScheduledEndTimestamp: new Date(T0 + 7_200_000) } });
  t.is(all[2].StepSucceededDetails?.Result?.Payload, '"hello gus"');

  const pages: string[][] = [];
  for await (const page of paginateGetDurableExecutionHistory({ client, pageSize: 3 }, { DurableExecutionArn: arn })) {
    pages.push((page.Events ?? []).map((e) => String(e.EventId)));
  }
  t.deepEqual(pages, [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], ["10"]]);

  const reversed = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, ReverseOrder: true, MaxItems: 2 }));
  t.deepEqual(reversed.Events?.map((e) => e.EventId), [10, 9]);
  t.truthy(reversed.NextMarker);
  const next = await client.send(
    new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, ReverseOrder: true, MaxItems: 2, Marker: reversed.NextMarker }),
  );
  t.deepEqual(next.Events?.map((e) => e.EventId), [8, 7]);

  const lean = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, IncludeExecutionData: false }));
  t.is(lean.Events?.[0].ExecutionStartedDetails?.Input?.Payload, undefined);
  t.is(lean.Events?.[2].StepSucceededDetails?.Result?.Payload, undefined);

  const badMarker = await t.throwsAsync(client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, Marker: "nonsense" })));
  t.like(badMarker, { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } });
  const tooMany = await t.throwsAsync(client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, MaxItems: 1001 })));
  t.like(tooMany, { name: "ValidationException", $metadata: { httpStatusCode: 400 } });
  await close();
});

test("ListDurableExecutionsByFunction: filters by status (repeated), name, start time, order, and pages", async (t) => {
  const { client, service, close } = await serve(t, (s) => s.register("greeter", greeter).register("failing", failing));
  const arns: string[] = [];
  for (const name of ["a", "b", "c"]) {
    const out = await client.send(
      new InvokeCommand({ FunctionName: "greeter", DurableExecutionName: name, Payload: encode(`{"name":"${name}"}`) }),
    );
    arns.push(out.DurableExecutionArn as string);
    // Each execution starts two hours (of virtual time) after the one before.
  }
  await client.send(new InvokeCommand({ FunctionName: "failing", DurableExecutionName: "f" }));
  const running = await client.send(new InvokeCommand({ FunctionName: "greeter", InvocationType: "Event", DurableExecutionName: "d", Payload: encode('{"name":"d"}') }));
  const starts = service.executions().filter((e) => e.functionName === "greeter").map((e) => e.startedAt);

  const list = (input: Omit<ConstructorParameters<typeof ListDurableExecutionsByFunctionCommand>[0], "FunctionName"> = {}) =>
    client.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "greeter", ...input }));
  const everything = await list();
  t.deepEqual(everything.DurableExecutions?.map((e) => e.DurableExecutionName), ["a", "b", "c", "d"]);
  t.true(everything.DurableExecutions?.[0].StartTimestamp instanceof Date);
  t.like(everything.DurableExecutions?.[0], { DurableExecutionArn: arns[0], Status: "SUCCEEDED", FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:greeter:$LATEST" });

  const byStatus = await list({ Statuses: ["RUNNING", "FAILED"] });
  t.deepEqual(byStatus.DurableExecutions?.map((e) => e.DurableExecutionArn), [running.DurableExecutionArn]);
  const byBoth = await list({ Statuses: ["RUNNING", "SUCCEEDED"] });
  t.is(byBoth.DurableExecutions?.length, 4);
  const byName = await list({ DurableExecutionName: "b" });
  t.deepEqual(byName.DurableExecutions?.map((e) => e.DurableExecutionArn), [arns[1]]);
  const after = await list({ StartedAfter: new Date(starts[0]) });
  t.deepEqual(after.DurableExecutions?.map((e) => e.DurableExecutionName), ["b", "c", "d"]);
  const window = await list({ StartedAfter: new Date(starts[0]), StartedBefore: new Date(starts[2]) });
  t.deepEqual(window.DurableExecutions?.map((e) => e.DurableExecutionName), ["b"]);
  const newestFirst = await list({ ReverseOrder: true, MaxItems: 1 });
  t.deepEqual(newestFirst.DurableExecutions?.map((e) => e.DurableExecutionName), ["d"]);

  const names: string[] = [];
  for await (const page of paginateListDurableExecutionsByFunction({ client, pageSize: 3 }, { FunctionName: "greeter" })) {
    t.true((page.DurableExecutions?.length ?? 0) <= 3);
    names.push(...(page.DurableExecutions ?? []).map((e) => e.DurableExecutionName as string));
  }
  t.deepEqual(names, ["a", "b", "c", "d"]);
  const failed = await client.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "failing" }));
  t.like(failed.DurableExecutions, [{ DurableExecutionName: "f", Status: "FAILED" }]);
  await service.waitForEnd(running.DurableExecutionArn as string);
  await close();
});

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

test("StopDurableExecution: the body is the ErrorObject; the execution is STOPPED with it; a second stop is refused", async (t) => {
  const { client, service, close } = await serve(t, (s) => s.register("approval", approval));
  const { DurableExecutionArn: arn } = await client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event" }));
  await eventually(client, arn as string, (e) => e.EventType === "CallbackStarted");
  const stopped = await client.send(
    new StopDurableExecutionCommand({ DurableExecutionArn: arn, Error: { ErrorType: "Cancelled", ErrorMessage: "changed my mind" } }),
  );
  t.true(stopped.StopTimestamp instanceof Date);
  const described = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
  t.like(described, { Status: "STOPPED", Error: { ErrorType: "Cancelled", ErrorMessage: "changed my mind" } });
  t.deepEqual(described.EndTimestamp, stopped.StopTimestamp);
  const again = await t.throwsAsync(client.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn })));
  t.like(again, { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } });
  const unknown = await t.throwsAsync(client.send(new StopDurableExecutionCommand({ DurableExecutionArn: `${arn}0` })));
  t.like(unknown, { name: "ResourceNotFoundException" });

  // A stop without an error is accepted too.
  const second = await client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event" }));
  await eventually(client, second.DurableExecutionArn as string, (e) => e.EventType === "CallbackStarted");
  await client.send(new StopDurableExecutionCommand({ DurableExecutionArn: second.DurableExecutionArn }));
  t.is(service.execution(second.DurableExecutionArn as string).status, "STOPPED");
  await close();
});

test("callbacks: success delivers the raw bytes while a RequestResponse invoke waits for the end", async (t) => {
  const { client, service, close } = await serve(t, (s) => s.register("approval", approval));
  const invoke = client.send(new InvokeCommand({ FunctionName: "approval", DurableExecutionName: "wants-approval" }));
  const arn = await new Promise<string>((resolve) => {
    const poll = () => {
      const found = service.executions()[0];
      if (found) resolve(found.arn);
      else setTimeout(poll, 5);
    };
    poll();
  });
  const started = await eventually(client, arn, (e) => e.EventType === "CallbackStarted");
  const callbackId = started.CallbackStartedDetails?.CallbackId as string;
  await client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
  await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: encode('{"by":"manager"}') }));
  const out = await invoke;
  t.is(out.StatusCode, 200);
  t.deepEqual(JSON.parse(text(out.Payload)), { approved: { by: "manager" } });
  const succeeded = await eventually(client, arn, (e) => e.EventType === "CallbackSucceeded");
  t.is(succeeded.CallbackSucceededDetails?.Result?.Payload, '{"by":"manager"}');

  // The callback is closed now: every further call is the model's CallbackTimeoutException.
  for (const command of [
    new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: encode("1") }),
    new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId }),
    new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }),
  ]) {
    const closed = await t.throwsAsync(client.send(command as never));
    t.like(closed, { name: "CallbackTimeoutException", $metadata: { httpStatusCode: 400 } });
  }
  await close();
});

test("callbacks: failure delivers the ErrorObject; unknown and malformed ids are 404 and 400", async (t) => {
  const { client, service, close } = await serve(t, (s) => s.register("approval", approval));
  const { DurableExecutionArn: arn } = await client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event" }));
  const started = await eventually(client, arn as string, (e) => e.EventType === "CallbackStarted");
  const callbackId = started.CallbackStartedDetails?.CallbackId as string;
  t.regex(callbackId, /^[A-Za-z0-9+/]+={0,2}$/);
  await client.send(
    new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: { ErrorType: "Rejected", ErrorMessage: "over budget" } }),
  );
  const done = await service.waitForEnd(arn as string);
  t.deepEqual(JSON.parse(done.result ?? ""), { failed: "CallbackError: over budget" });

  const unknownId = Buffer.from(JSON.stringify({ a: arn, o: "nope", n: "x" })).toString("base64");
  const unknown = await t.throwsAsync(client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: unknownId })));
  t.like(unknown, { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } });
  const malformed = await t.throwsAsync(client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: "not base64!" })));
  t.like(malformed, { name: "ValidationException", $metadata: { httpStatusCode: 400 } });
  const tooBig = await t.throwsAsync(
    client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: new Uint8Array(262_145) })),
  );
  t.like(tooBig, { name: "ValidationException", $metadata: { httpStatusCode: 400 } });
  await close();
});

test("GET /executions and /executions/{arn} list the service's executions for the dashboard", async (t) => {
  const { client, endpoint, close } = await serve(t, (s) => s.register("greeter", greeter));
  const { DurableExecutionArn: arn } = await client.send(new InvokeCommand({ FunctionName: "greeter", Payload: encode('{"name":"hal"}') }));
  const list = (await (await fetch(`${endpoint}/executions`)).json()) as { executions: any[] };
  t.like(list.executions, [{ arn, functionName: "greeter", status: "SUCCEEDED", startedAt: T0, operationCount: 4, invocationCount: 2 }]);
  const one = (await (await fetch(`${endpoint}/executions/${encodeURIComponent(arn as string)}`)).json()) as any;
  t.is(one.result, '{"greeting":"hello hal","shout":"HELLO HAL"}');
  t.deepEqual(
    one.operations.map((op: any) => op.Name ?? op.Type),
    ["EXECUTION", "greet", "pause", "shout"],
  );
  const missing = await fetch(`${endpoint}/executions/${encodeURIComponent(`${arn}0`)}`);
  t.is(missing.status, 404);
  await close();
});

/** A client whose requests carry these headers (set after signing, as a browser or a rebinding page would). */
function withHeaders(client: ReturnType<typeof clientFor>, headers: Record<string, string>) {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = (args as { request: { headers: Record<string, string> } }).request;
      Object.assign(request.headers, headers);
      return next(args);
    },
    { step: "finalizeRequest", priority: "low", name: "testHeaders" },
  );
  return client;
}

test("Host and Origin through the LambdaClient: loopback and own origin accepted, rebinding and foreign origins refused", async (t) => {
  const { endpoint, service } = await serve(t, (s) => s.register("greeter", greeter));
  const port = new URL(endpoint).port;
  const attempt = async (headers: Record<string, string>) => {
    const client = withHeaders(clientFor(endpoint), headers);
    try {
      const out = await client.send(new InvokeCommand({ FunctionName: "greeter", InvocationType: "Event", Payload: encode('{"name":"x"}') }));
      return out.StatusCode;
    } catch (error) {
      return (error as { name: string }).name;
    } finally {
      client.destroy();
    }
  };
  t.is(await attempt({}), 202);
  t.is(await attempt({ host: `localhost:${port}` }), 202);
  t.is(await attempt({ origin: `http://127.0.0.1:${port}` }), 202);
  t.is(await attempt({ host: `rebound.attacker.example:${port}` }), "AccessDeniedException");
  t.is(await attempt({ origin: "https://attacker.example" }), "AccessDeniedException");
  t.is(await attempt({ origin: "null" }), "AccessDeniedException");
  t.is(service.executions().length, 3, "refused requests started nothing");
});
