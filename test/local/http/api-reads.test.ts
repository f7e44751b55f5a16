import {
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  ListDurableExecutionsByFunctionCommand,
  paginateGetDurableExecutionHistory,
  paginateListDurableExecutionsByFunction,
} from "@aws-sdk/client-lambda";
import test from "ava";
import { historyOf, serve, T0 } from "./service-over-http.js";
import { encode, greeter, failing } from "./workflows.js";

/**
 * The read operations through the real LambdaClient over HTTP: GetDurableExecution,
 * GetDurableExecutionHistory and ListDurableExecutionsByFunction with their paging and
 * filters, and the dashboard's GET /executions.
 */

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
