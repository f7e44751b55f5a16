import test from "ava";
import { Duration, durable } from "../../src/index.js";
import { executionStarted, historyOf, invocationEvent, TEST_EXECUTION_ARN } from "../../src/testing/history-builders.js";
import { runLive, quiet } from "../helpers/live.js";
import { noRequestsClient } from "../helpers/recording-client.js";

const RFC_4122 = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("uuid: RFC 4122 shaped, stable across replays, different across calls, seeds and contexts", async (t) => {
  const perInvocation: string[][] = [];
  const live = await runLive(async (_event, ctx) => {
    const ids = [ctx.uuid(), ctx.uuid(), ctx.uuid("order-1"), ctx.uuid("order-1")];
    ids.push(await ctx.runInChildContext("kid", async (kid) => kid.uuid()));
    perInvocation.push(ids);
    await ctx.wait("pause", { seconds: 1 });
    return ids;
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  const [first, replayed] = perInvocation;
  t.deepEqual(replayed, first, "the same on replay");
  t.is(new Set(first).size, first!.length, "every call differs, seeded or not, root or child");
  for (const id of first!) t.regex(id, RFC_4122);
});

test("uuid: different in another execution of the same code", async (t) => {
  const body = async (_event: unknown, ctx: any) => ctx.uuid();
  const [a, b] = await Promise.all([runLive(body), runLive(body)]);
  t.notDeepEqual(a.result, b.result);
});

test("executionStartTime: the EXECUTION's start, the same in every invocation (replay-safe)", async (t) => {
  const seen: number[] = [];
  const live = await runLive(async (_event, ctx) => {
    seen.push(ctx.executionStartTime());
    await ctx.wait("pause", { seconds: 1 });
    return "ok";
  });
  t.is(live.invocations.length, 2);
  t.is(seen[0], seen[1]);
  t.true(Number.isInteger(seen[0]) && seen[0]! > 0);

  const handler = durable(async (_event, ctx) => ctx.executionStartTime(), { client: noRequestsClient, logger: quiet });
  t.deepEqual(await handler(invocationEvent(historyOf())), { Status: "SUCCEEDED", Result: String(Date.parse("2026-01-01T00:00:00.000Z")) });
});

test("originalInput is the parsed input, originalInputRaw the payload as stored, in every invocation", async (t) => {
  const seen: unknown[] = [];
  await runLive(
    async (event, ctx) => {
      seen.push([event, ctx.originalInput<{ order: number }>().order, ctx.originalInputRaw()]);
      await ctx.wait("pause", { seconds: 1 });
    },
    { input: { order: 7 } },
  );
  t.deepEqual(seen, [
    [{ order: 7 }, 7, '{"order":7}'],
    [{ order: 7 }, 7, '{"order":7}'],
  ]);
  const handler = durable(async (_event, ctx) => [ctx.originalInput(), ctx.originalInputRaw()], { client: noRequestsClient, logger: quiet });
  const raw = { ...executionStarted(), ExecutionDetails: { InputPayload: "not json" } };
  t.deepEqual(await handler(invocationEvent(historyOf(raw))), { Status: "SUCCEEDED", Result: '["not json","not json"]' });
});

test("executionArn and lambdaContext: the execution and the Lambda context of this invocation", async (t) => {
  const handler = durable(async (_event, ctx) => [ctx.executionArn, ctx.lambdaContext.awsRequestId, ctx.lambdaContext.getRemainingTimeInMillis?.()], {
    client: noRequestsClient,
    logger: quiet,
  });
  const context = { awsRequestId: "req-1", getRemainingTimeInMillis: () => 1234 };
  const output = await handler(invocationEvent(historyOf()), context);
  t.deepEqual(output, { Status: "SUCCEEDED", Result: JSON.stringify([TEST_EXECUTION_ARN, "req-1", 1234]) });
});

test("Duration constructors (API.md): seconds to years, months of 30 days and years of 365, usable as a wait", async (t) => {
  t.deepEqual(
    [Duration.seconds(1), Duration.minutes(1), Duration.hours(1), Duration.days(1), Duration.weeks(1), Duration.months(1), Duration.years(1)].map((d) => d.toSeconds()),
    [1, 60, 3_600, 86_400, 604_800, 30 * 86_400, 365 * 86_400],
  );
  const live = await runLive(async (_event, ctx) => ctx.wait("week", Duration.weeks(1)));
  t.is(live.client.checkpoints[0]![0]!.WaitOptions?.WaitSeconds, 604_800);
});
