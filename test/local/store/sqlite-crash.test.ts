import test, { type ExecutionContext } from "ava";
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DurableEngine, type ExecutionRecord } from "../../../src/local/engine/index.js";
import { SqliteExecutionStore } from "../../../src/local/store/sqlite-store.js";
import { BATCH, type WriterMode } from "./fixtures/crash-plan.js";
import { tempDir } from "./store-fixtures.js";

/**
 * A process killed (SIGKILL) in the middle of writing a checkpoint: the file it leaves
 * holds each batch whole or not at all, and a new process carries on from it.
 */

const WRITER = fileURLToPath(new URL("./fixtures/crash-writer.ts", import.meta.url));

interface Committed {
  arn: string;
  batch: number;
  token: string;
  /** The WAL's size once this batch committed. */
  walBytes: number;
}

/** Runs the writer; resolves with the lines it printed and the signal that ended it. */
function runWriter(
  path: string,
  mode: WriterMode,
  killWhen?: (committed: Committed[]) => boolean,
): Promise<{ committed: Committed[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import=tsx", WRITER, path, mode], { stdio: ["ignore", "pipe", "pipe"] });
    const committed: Committed[] = [];
    let buffered = "";
    let stderr = "";
    let killing = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) committed.push(JSON.parse(line) as Committed);
      if (!killing && killWhen?.(committed)) {
        killing = true;
        // A little later, at a moment the writer does not choose: most likely mid-transaction.
        setTimeout(() => child.kill("SIGKILL"), Math.floor(Math.random() * 20));
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (_code, signal) => resolve({ committed, signal, stderr }));
  });
}

/** Every batch in the record is whole: its steps SUCCEEDED, each with its two events, nothing else. */
function batchesOf(t: ExecutionContext, record: ExecutionRecord): number {
  const steps = record.operations.filter((entry) => entry.op.Type === "STEP");
  t.is(steps.length % BATCH, 0, "whole batches only");
  const batches = steps.length / BATCH;
  for (let n = 0; n < batches; n++) {
    const ids = steps.slice(n * BATCH, (n + 1) * BATCH).map((entry) => entry.op.Id);
    t.deepEqual(
      ids,
      Array.from({ length: BATCH }, (_, i) => `b${n}-${i}`),
    );
  }
  t.true(steps.every((entry) => entry.op.Status === "SUCCEEDED"));
  t.is(record.events.length, 1 + 2 * steps.length, "ExecutionStarted, then a start and a success per step");
  t.deepEqual(
    record.events.map((e) => e.EventId),
    record.events.map((_, i) => i + 1),
  );
  t.is(record.clientTokens.size, batches, "one remembered ClientToken per batch");
  return batches;
}

/** A new process on the file: ends the invocation that died, starts another, checkpoints. */
function carryOn(t: ExecutionContext, path: string, arn: string): void {
  const store = new SqliteExecutionStore(path);
  try {
    const engine = new DurableEngine({ store });
    t.deepEqual(engine.executionsInvoking(), [arn]);
    const now = Date.UTC(2025, 0, 2);
    t.true(engine.completeInvocation(arn, { thrown: new Error("the writer was killed") }, now).reinvoke);
    const { event } = engine.beginInvocation(arn, now);
    const update = { Id: "after", Type: "STEP" as const, Action: "START" as const };
    engine.checkpoint({ DurableExecutionArn: arn, CheckpointToken: event.CheckpointToken, Updates: [update] }, now);
    t.is(engine.getRecord(arn)?.operations.at(-1)?.op.Id, "after");
  } finally {
    store.close();
  }
}

test("SIGKILL inside a commit, after it spilled to the WAL: the batch is not in the file", async (t) => {
  const path = join(tempDir(t), "crash.db");
  const { committed, signal, stderr } = await runWriter(path, "kill-mid-write");
  t.is(signal, "SIGKILL", stderr);
  t.deepEqual(
    committed.map((c) => c.batch),
    [0],
  );
  t.true(statSync(`${path}-wal`).size > committed[0].walBytes, "the killed transaction had written pages to the WAL");
  const store = new SqliteExecutionStore(path);
  const record = store.get(committed[0].arn) as ExecutionRecord;
  t.is(batchesOf(t, record), 1);
  t.is(record.activeInvocation?.latestToken, committed[0].token, "the head is the last commit's");
  store.close();
  carryOn(t, path, committed[0].arn);
});

test("SIGKILL at a random moment of a writing loop: whole batches, and a new process carries on", async (t) => {
  const path = join(tempDir(t), "crash.db");
  const { committed, signal, stderr } = await runWriter(path, "loop", (lines) => lines.length >= 3);
  t.is(signal, "SIGKILL", stderr);
  const last = committed.at(-1) as Committed;
  const store = new SqliteExecutionStore(path);
  const record = store.get(last.arn) as ExecutionRecord;
  const batches = batchesOf(t, record);
  // The writer may have committed one more batch than it lived to print.
  t.true(batches === last.batch + 1 || batches === last.batch + 2, `${batches} batches, last printed ${last.batch}`);
  if (batches === last.batch + 1) t.is(record.activeInvocation?.latestToken, last.token);
  store.close();
  carryOn(t, path, last.arn);
});
