import test from "ava";
import { durable, LimitExceededError, type DurableEvent } from "../../src/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { hashOperationId } from "../../src/ids/index.js";
import { executionStarted, invocationEvent, succeededStep } from "../../src/testing/history-builders.js";
import type { Operation, OperationUpdate } from "../../src/wire/types.js";
import { RecordingClient } from "../helpers/recording-client.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * A history of `size` operations (the EXECUTION included): the handler's own finished
 * steps `1..replayed`, then finished steps it never reaches (children of another
 * context), so a test starts near the limit without replaying thousands of operations.
 */
function historyOfSize(size: number, replayed = 0): Operation[] {
  const operations: Operation[] = [executionStarted()];
  for (let i = 1; i <= replayed; i++) operations.push(succeededStep(String(i), i));
  for (let i = 1; operations.length < size; i++) operations.push(succeededStep(`999999-${i}`, 0));
  return operations;
}

/** A service stand-in that acknowledges every checkpoint (the SDK's own check is under test). */
function acknowledging() {
  return new RecordingClient({ send: async () => ({ CheckpointToken: "next-token", NewExecutionState: { Operations: [] } }) });
}

function warnings() {
  const lines: string[] = [];
  return { lines, sink: { ...quiet, warn: (line: string) => lines.push(line) } };
}

test("at 25,000 operations a new operation fails with LimitExceededError before anything is sent; the workflow can still wrap up", async (t) => {
  const client = acknowledging();
  const seen: unknown[] = [];
  const handler = durable(
    async (_event, ctx) => {
      // 24,997 in the history + a, b, c = 25,000: d is one too many.
      for (const name of ["a", "b", "c", "d", "e"]) {
        try {
          await ctx.step(name, () => name);
        } catch (error) {
          seen.push(error);
        }
      }
      return "wrapped up";
    },
    { client, logger: quiet, dev: false },
  );
  const output = await handler(invocationEvent(historyOfSize(24_997)));
  t.deepEqual(output, { Status: "SUCCEEDED", Result: '"wrapped up"' });
  t.is(seen.length, 2);
  t.true(seen.every((error) => error instanceof LimitExceededError));
  t.regex((seen[0] as Error).message, /^STEP "d" \[4\] was not started: the execution's history already holds 25,000 operations, the most one durable execution can hold \(25,000\)/);
  const sent = client.checkpoints.flat().map((u: OperationUpdate) => u.Name);
  t.deepEqual([...new Set(sent)], ["a", "b", "c"], "nothing of d or e went to the service");
});

test("an uncaught LimitExceededError fails the execution with the limit named", async (t) => {
  const handler = durable(async (_event, ctx) => ctx.step("one-too-many", () => 1), { client: acknowledging(), logger: quiet, dev: false });
  const output = (await handler(invocationEvent(historyOfSize(25_000)))) as any;
  t.is(output.Status, "FAILED");
  t.is(output.Error.ErrorType, "LimitExceededError");
  t.regex(output.Error.ErrorMessage, /25,000/);
});

test("replayed operations are not new: a history at the limit replays, and only the next new operation is refused", async (t) => {
  const handler = durable(
    async (_event, ctx) => {
      const replayed = [await ctx.step("1", () => -1), await ctx.step("2", () => -1)];
      const next = await ctx.step("3", () => 3).then(
        () => "started",
        (error: Error) => error.name,
      );
      return { replayed, next };
    },
    { client: acknowledging(), logger: quiet, dev: false },
  );
  const history = historyOfSize(25_000, 2).map((op) => (op.Id === hashOperationId("1") || op.Id === hashOperationId("2") ? { ...op, Name: op.Id === hashOperationId("1") ? "1" : "2" } : op));
  const output = (await handler(invocationEvent(history))) as any;
  t.deepEqual(JSON.parse(output.Result), { replayed: [1, 2], next: "LimitExceededError" });
});

test("past 80% of the limit an invocation warns once, through the logger and a limit.approaching event", async (t) => {
  const { lines, sink } = warnings();
  const events: DurableEvent[] = [];
  const handler = durable(
    async (_event, ctx) => {
      ctx.events$.subscribe((event) => events.push(event));
      for (let i = 0; i < 5; i++) await ctx.step(`s${i}`, () => i);
      return "ok";
    },
    { client: acknowledging(), logger: sink, dev: false },
  );
  // 19,998 + s0 = 19,999; s1 takes the history to 20,000 = 80% of 25,000.
  t.deepEqual(await handler(invocationEvent(historyOfSize(19_998))), { Status: "SUCCEEDED", Result: '"ok"' });
  t.is(lines.length, 1);
  t.regex(JSON.parse(lines[0]!).message, /holds 20000 of the 25000 operations/);
  const approaching = events.filter((event) => event.type === "limit.approaching");
  t.is(approaching.length, 1);
  t.deepEqual(approaching[0]!.detail, { limit: "operations", operations: 20_000, max: 25_000 });
});

test("below 80%, or replaying only, there is no warning", async (t) => {
  const { lines, sink } = warnings();
  const handler = durable(async (_event, ctx) => ctx.step("s", () => 1), { client: acknowledging(), logger: sink, dev: false });
  await handler(invocationEvent(historyOfSize(19_998)));
  t.deepEqual(lines, [], "19,999 operations is below 80%");
  const replayOnly = durable(async (_event, ctx) => ctx.step("1", () => 1), { client: acknowledging(), logger: sink, dev: false });
  const history = historyOfSize(22_000, 1).map((op) => (op.Id === hashOperationId("1") ? { ...op, Name: "1" } : op));
  await replayOnly(invocationEvent(history));
  t.deepEqual(lines, [], "nothing new was started");
});

test("the local engine refuses a checkpoint that would take a history past 25,000 operations, and applies none of it", (t) => {
  const engine = new DurableEngine();
  const now = Date.now();
  const { arn } = engine.startExecution({ functionName: "fn" }, now);
  let token = engine.beginInvocation(arn, now).event.CheckpointToken;
  const steps = (from: number, count: number): OperationUpdate[] =>
    Array.from({ length: count }, (_, i) => ({ Id: hashOperationId(`s-${from + i}`), Type: "STEP", SubType: "Step", Action: "SUCCEED", Payload: "1" }));
  // The EXECUTION operation + 24,999 steps = 25,000.
  for (let from = 0; from < 24_999; from += 250) {
    token = engine.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: steps(from, Math.min(250, 24_999 - from)) }, now).CheckpointToken!;
  }
  t.is(engine.getRecord(arn)!.operations.length, 25_000);
  const error = t.throws(() => engine.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: steps(30_000, 1) }, now));
  t.is(error?.name, "InvalidParameterValueException");
  t.regex(error!.message, /at most 25000 operations/);
  t.is(engine.getRecord(arn)!.operations.length, 25_000, "nothing of the refused request was applied");
});
