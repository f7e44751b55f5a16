import test from "ava";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { durable, type DurableContext } from "../../src/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { InProcessLambdaClient } from "../../src/local/in-process-client.js";
import { runToCompletion } from "../../src/local/in-process-runner.js";
import { fetchHistory, historyFromEngine, loadHistory, saveHistory } from "../../src/testing/history-file.js";
import { historyOf, succeededStep, startedWait } from "../../src/testing/history-builders.js";
import { historySnapshots } from "../../src/testing/history-snapshots.js";
import { operationsFromEvents } from "../../src/testing/operations-from-events.js";
import { readHistory, type HistoryEventRecord } from "../../src/testing/recorded-history.js";
import { compareRawIds, rawIdsOf } from "../../src/testing/raw-ids.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function recordedRun() {
  const engine = new DurableEngine();
  const handler = durable(async (_event, ctx: DurableContext) => {
    let polls = 0;
    const a = await ctx.step("a", () => 1);
    await ctx.step("flaky", ({ attempt }) => {
      if (attempt < 2) throw new TypeError("not yet");
      return "ok";
    }, { retry: () => ({ shouldRetry: true, delay: { seconds: 3 } }) });
    await ctx.wait("w", { seconds: 30 });
    const b = await ctx.runInChildContext("kid", async (child) => (await child.step("inner", () => 10)) + ++polls);
    return a + b;
  }, { logger: quiet, dev: false });
  const run = await runToCompletion(handler as never, { engine, input: { n: 1 } });
  return { engine, run, handler };
}

test("events are rebuilt into the operations the service holds: statuses, attempts, results, errors, parents", async (t) => {
  const { engine, run } = await recordedRun();
  const fromEvents = historyFromEngine(engine, run.arn).operations;
  const stored = engine.getRecord(run.arn)!.operations.map((entry) => entry.op);
  const pick = (ops: readonly any[]) =>
    ops.map((op) => [op.Id, op.ParentId, op.Type, op.Name, op.SubType, op.Status, op.StepDetails?.Attempt, op.StepDetails?.Result ?? op.ContextDetails?.Result]);
  t.deepEqual(pick(fromEvents), pick(stored));
  t.is(fromEvents[0]!.ExecutionDetails?.InputPayload, '{"n":1}');
});

test("a retried step reads PENDING until its next attempt, with the error and when it comes due", async (t) => {
  const { engine, run } = await recordedRun();
  const events = historyFromEngine(engine, run.arn).events!;
  const failedAt = events.findIndex((event) => event.EventType === "StepFailed");
  const flaky = operationsFromEvents(events, failedAt + 1).find((op) => op.Name === "flaky")!;
  t.is(flaky.Status, "PENDING");
  t.is(flaky.StepDetails?.Attempt, 1);
  t.like(flaky.StepDetails?.Error, { ErrorType: "TypeError", ErrorMessage: "not yet" });
  t.is(Date.parse(flaky.StepDetails!.NextAttemptTimestamp as string) - (events[failedAt]!.EventTimestamp as number), 3000);
});

test("one snapshot per invocation end, RUNNING until the last, which carries the result", async (t) => {
  const { engine, run } = await recordedRun();
  const snapshots = historySnapshots(historyFromEngine(engine, run.arn));
  t.deepEqual(
    snapshots.map((s) => [s.label, s.status, s.result]),
    [
      ["after invocation 1 of 3", "RUNNING", undefined],
      ["after invocation 2 of 3", "RUNNING", undefined],
      ["after invocation 3 of 3", "SUCCEEDED", "12"],
    ],
  );
  t.deepEqual(historySnapshots(historyFromEngine(engine, run.arn), "final").map((s) => s.label), ["as recorded"]);
});

test("timestamps are read in every form a history arrives in: ISO, Date, epoch ms, epoch seconds", (t) => {
  const event = (at: unknown): HistoryEventRecord => ({
    EventType: "WaitStarted",
    EventId: 1,
    Id: "w",
    EventTimestamp: at as string,
    WaitStartedDetails: { Duration: 60, ScheduledEndTimestamp: at },
  });
  const iso = "2026-03-01T10:00:00.000Z";
  const ms = Date.parse(iso);
  for (const at of [iso, new Date(ms), ms, ms / 1000]) {
    const [wait] = operationsFromEvents([event(at)]);
    t.is(wait!.StartTimestamp, iso);
    t.is(wait!.WaitDetails?.ScheduledEndTimestamp, iso);
  }
});

test("readHistory accepts { Events }, { Operations }, bare lists, builders and JSON text, and names what it cannot read", (t) => {
  const operations = historyOf(succeededStep("1", 5, { name: "a" }), startedWait("2", "2026-01-01T01:00:00.000Z"));
  t.is(readHistory(operations).operations.length, 3);
  t.is(readHistory({ Operations: operations }).operations.length, 3);
  t.is(readHistory(JSON.stringify({ DurableExecutionArn: "arn:x", Operations: operations })).executionArn, "arn:x");
  t.is(readHistory([{ EventType: "ExecutionStarted", Id: "e", EventTimestamp: 0, ExecutionStartedDetails: {} }]).operations.length, 1);
  t.throws(() => readHistory("{not json"), { message: /the text is not JSON/ });
  t.throws(() => readHistory([{ foo: 1 }] as never), { message: /a list must hold history events \(EventType\) or operations/ });
  t.throws(() => readHistory({ Events: [{ nope: true }] } as never), { message: /event 0 has no EventType/ });
});

test("saveHistory and loadHistory round-trip a history as GetDurableExecutionHistory shapes it (ISO timestamps)", async (t) => {
  const { engine, run } = await recordedRun();
  const path = join(mkdtempSync(join(tmpdir(), "durable-rx-")), "run.history.json");
  const history = historyFromEngine(engine, run.arn);
  saveHistory(path, history);
  const loaded = loadHistory(path);
  t.is(loaded.executionArn, run.arn);
  t.deepEqual(loaded.operations, history.operations);
  t.regex(JSON.stringify(loaded.events![0]), /"EventTimestamp":"\d{4}-\d\d-\d\dT/);
  const bad = join(mkdtempSync(join(tmpdir(), "durable-rx-")), "bad.json");
  writeFileSync(bad, "[1, 2]");
  t.throws(() => loadHistory(bad), { message: new RegExp(`loadHistory\\(${bad.replace(/[/\\]/g, ".")}\\): a list must hold`) });
  t.throws(() => loadHistory("/nonexistent/file.json"), { message: /loadHistory: cannot read \/nonexistent\/file\.json/ });
});

test("fetchHistory reads GetDurableExecutionHistory page by page through any LambdaClient", async (t) => {
  const { engine, run } = await recordedRun();
  const client = new InProcessLambdaClient(engine);
  const fetched = await fetchHistory(client, run.arn);
  t.deepEqual(fetched.operations, historyFromEngine(engine, run.arn).operations);
  t.is(client.stats.byCommand.GetDurableExecutionHistory, 1);
});

test("raw ids are recovered from the hashed ids, with gaps, and ordered as code creates them", (t) => {
  const operations = historyOf(succeededStep("1", 1), succeededStep("3", 1), succeededStep("3-2", 1, { parent: "3" }), succeededStep("10", 1));
  operations[2]!.Type = "CONTEXT";
  const raw = rawIdsOf(operations);
  t.deepEqual([...raw.values()].sort(compareRawIds), ["1", "3", "3-2", "10"]);
  t.true(compareRawIds("2", "3-1") < 0 && compareRawIds("3-1", "3-2") < 0 && compareRawIds("3", "3-1") < 0 && compareRawIds("3-2", "10") < 0);
});

test("raw ids of a flat batch's operations (n-i-k under the batch's CONTEXT) are recovered too", (t) => {
  const operations = historyOf(
    { ...succeededStep("1", null), Type: "CONTEXT", SubType: "Map" },
    succeededStep("1-1-1", 1, { parent: "1" }),
    succeededStep("1-1-2", 1, { parent: "1" }),
    succeededStep("1-2-1", 1, { parent: "1" }),
    succeededStep("1-3-1", 1, { parent: "1" }),
  );
  t.deepEqual([...rawIdsOf(operations).values()].sort(compareRawIds), ["1", "1-1-1", "1-1-2", "1-2-1", "1-3-1"]);
});
