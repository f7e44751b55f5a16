import test from "ava";
import { expand, EMPTY, last, map, lastValueFrom, takeWhile, range, concatMap } from "rxjs";
import { durable, StepError, ChildContextError, type DurableContext } from "../../src/index.js";
import {
  executionStarted,
  failedContext,
  failedStep,
  historyOf,
  invocationEvent,
  succeededContext,
  succeededStep,
  succeededWait,
} from "../../src/testing/history-builders.js";
import { noRequestsClient } from "../helpers/recording-client.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const replaying = { client: noRequestsClient, logger: quiet };

test("a SUCCEEDED step replays its result without running the body", async (t) => {
  let ran = 0;
  const handler = durable(async (_event, ctx) => ctx.step("a", () => ++ran), replaying);
  const output = await handler(invocationEvent(historyOf(succeededStep("1", 41, { name: "a" }))));
  t.deepEqual(output, { Status: "SUCCEEDED", Result: "41" });
  t.is(ran, 0);
});

test("a step that returned undefined replays as undefined (no Result stored)", async (t) => {
  const handler = durable(async (_event, ctx) => ({ value: await ctx.step("a", () => 1) }), replaying);
  const output = await handler(invocationEvent(historyOf(succeededStep("1", undefined, { name: "a" }))));
  t.deepEqual(output, { Status: "SUCCEEDED", Result: "{}" });
});

test("a FAILED step replays the same StepError the live run delivered, body not run", async (t) => {
  let ran = 0;
  const handler = durable(async (_event, ctx) => {
    try {
      await ctx.step("a", () => ++ran);
      return "no error";
    } catch (error) {
      const e = error as StepError;
      return { isStepError: e instanceof StepError, name: e.name, message: e.message, cause: (e.cause as Error).name, data: e.errorData };
    }
  }, replaying);
  const history = historyOf(failedStep("1", { ErrorType: "TypeError", ErrorMessage: "boom", ErrorData: '{"code":"E1"}' }, { name: "a" }));
  const output = await handler(invocationEvent(history));
  t.is(ran, 0);
  t.deepEqual(JSON.parse((output as { Result: string }).Result), {
    isStepError: true,
    name: "StepError",
    message: "boom",
    cause: "TypeError",
    data: '{"code":"E1"}',
  });
});

test("waits, children and their steps replay from the history with no request", async (t) => {
  const handler = durable(async (_event, ctx: DurableContext) => {
    const a = await ctx.step("a", () => 0);
    await ctx.wait("w", { seconds: 10 });
    const b = await ctx.runInChildContext("kid", async (child) => (await child.step("inner", () => 0)) + 1);
    return a + b;
  }, replaying);
  const history = historyOf(succeededStep("1", 1, { name: "a" }), succeededWait("2", { name: "w" }), succeededContext("3", 10, { name: "kid" }));
  t.deepEqual(await handler(invocationEvent(history)), { Status: "SUCCEEDED", Result: "11" });
});

test("a FAILED child context replays as ChildContextError whose cause is the child's error", async (t) => {
  const handler = durable(async (_event, ctx) => {
    try {
      await ctx.runInChildContext("kid", async () => "never");
      return "no error";
    } catch (error) {
      const e = error as ChildContextError;
      return [e instanceof ChildContextError, e.message, (e.cause as Error).name];
    }
  }, replaying);
  const history = historyOf(failedContext("1", { ErrorType: "RangeError", ErrorMessage: "out of range" }, { name: "kid" }));
  t.deepEqual(await handler(invocationEvent(history)), { Status: "SUCCEEDED", Result: '[true,"out of range","RangeError"]' });
});

test("a ReplayChildren context runs its function again over its finished children", async (t) => {
  let ran = 0;
  const handler = durable(
    async (_event, ctx) =>
      ctx.runInChildContext("big", async (child) => {
        ran++;
        return child.step("part", () => "fresh");
      }),
    replaying,
  );
  const history = historyOf(
    succeededContext("1", undefined, { name: "big", replayChildren: true }),
    succeededStep("1-1", "stored", { name: "part", parent: "1" }),
  );
  t.deepEqual(await handler(invocationEvent(history)), { Status: "SUCCEEDED", Result: '"stored"' });
  t.is(ran, 1);
});

test("a 5,000-step Observable loop (expand) replays without overflowing the stack", async (t) => {
  const count = 5000;
  const steps = Array.from({ length: count }, (_, i) => succeededStep(String(i + 1), i + 1));
  const handler = durable(
    (_event, ctx: DurableContext) =>
      ctx.step(() => 1).pipe(
        expand((n) => (n < count ? ctx.step(() => n + 1) : EMPTY)),
        last(),
      ),
    replaying,
  );
  t.deepEqual(await handler(invocationEvent(historyOf(...steps))), { Status: "SUCCEEDED", Result: String(count) });
});

test("a 5,000-step concatMap chain replays without overflowing the stack", async (t) => {
  const count = 5000;
  const steps = Array.from({ length: count }, (_, i) => succeededStep(String(i + 1), i));
  const handler = durable(
    (_event, ctx: DurableContext) =>
      range(0, count).pipe(
        concatMap((i) => ctx.step(() => i)),
        last(),
      ),
    replaying,
  );
  t.deepEqual(await handler(invocationEvent(historyOf(...steps))), { Status: "SUCCEEDED", Result: String(count - 1) });
});

test("the execution input is the EXECUTION operation's payload", async (t) => {
  const handler = durable(async (event: { n: number }, ctx) => [event.n, ctx.originalInput<{ n: number }>().n, ctx.originalInputRaw()], replaying);
  t.deepEqual(await handler(invocationEvent(historyOf(executionStarted({ n: 7 })))), { Status: "SUCCEEDED", Result: '[7,7,"{\\"n\\":7}"]' });
});

test("uuid() is stable across replays and distinct across calls", async (t) => {
  const handler = durable(async (_event, ctx) => [ctx.uuid(), ctx.uuid(), ctx.uuid("seed")], replaying);
  const event = invocationEvent(historyOf());
  const first = JSON.parse((await handler(event) as { Result: string }).Result) as string[];
  const second = JSON.parse((await handler(event) as { Result: string }).Result) as string[];
  t.deepEqual(first, second);
  t.is(new Set(first).size, 3);
  t.regex(first[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("an Observable that awaits a pipe is thenable: await op.pipe(map(f)) gives the mapped value", async (t) => {
  const handler = durable(async (_event, ctx) => ctx.step("a", () => 0).pipe(map((n: number) => n * 2)), replaying);
  t.deepEqual(await handler(invocationEvent(historyOf(succeededStep("1", 21, { name: "a" })))), { Status: "SUCCEEDED", Result: "42" });
  void lastValueFrom;
  void takeWhile;
});
