import test from "ava";
import { join } from "node:path";
import { DurableEngine, sequentialIds, type RecordWrite } from "../../../src/local/engine/index.js";
import { SqliteExecutionStore } from "../../../src/local/store/sqlite-store.js";
import { callbackStart, running, stepStart, stepSucceed, T0, waitStart, type Running } from "../../helpers/engine-fixtures.js";
import { plain, tempDir } from "./store-fixtures.js";

/**
 * One engine call is one transaction: a store that fails in the middle of writing a
 * checkpoint (operations written, events not yet) keeps none of it, on disk or in memory,
 * and the same request succeeds once the store works again.
 */

/** A SQLite store that fails halfway through a commit: its execution and operation rows written, its events not. */
class FailingMidWrite extends SqliteExecutionStore {
  /** The record of the next commits (1-based) whose events fail to write; `undefined`: none. */
  failAtRecord: number | undefined;
  private writing = 0;

  override commit(writes: readonly RecordWrite[]): void {
    this.writing = 0;
    super.commit(writes);
  }

  protected override writeRecord(write: RecordWrite): void {
    this.writing += 1;
    super.writeRecord(write);
  }

  protected override writeEvents(write: RecordWrite): void {
    if (this.writing === this.failAtRecord) throw new Error("I/O error in the middle of a write");
    super.writeEvents(write);
  }
}

function setUp(t: Parameters<typeof tempDir>[0]): { path: string; store: FailingMidWrite; engine: DurableEngine } {
  const path = join(tempDir(t), "executions.db");
  const store = new FailingMidWrite(path);
  t.teardown(() => store.close());
  return { path, store, engine: new DurableEngine({ store, ids: sequentialIds() }) };
}

function onDisk(path: string, arn: string): unknown {
  const store = new SqliteExecutionStore(path);
  try {
    return { record: plain(store.get(arn)), due: store.nextDueAt(arn), invoking: store.executionsInvoking() };
  } finally {
    store.close();
  }
}

test("a checkpoint the store fails to write halfway is kept nowhere; resent, it applies once", (t) => {
  const { path, store, engine } = setUp(t);
  const r = running({}, undefined, engine);
  r.cp([stepStart("open"), waitStart("w", 60)], T0, "first");
  const inMemory = plain(engine.getRecord(r.arn));
  const disk = onDisk(path, r.arn);
  t.deepEqual((disk as { record: unknown }).record, inMemory);

  const request = {
    DurableExecutionArn: r.arn,
    CheckpointToken: r.token,
    ClientToken: "batch",
    Updates: [
      stepSucceed("open", '"done"'),
      { Id: "w", Type: "WAIT" as const, Action: "CANCEL" as const },
      ...Array.from({ length: 50 }, (_, i) => [stepStart(`b${i}`), stepSucceed(`b${i}`, String(i))]).flat(),
      callbackStart("cb", { TimeoutSeconds: 30 }),
    ],
  };
  store.failAtRecord = 1;
  t.throws(() => engine.checkpoint(request, T0 + 1), { message: "I/O error in the middle of a write" });
  t.deepEqual(plain(engine.getRecord(r.arn)), inMemory, "memory holds nothing of it");
  t.deepEqual(onDisk(path, r.arn), disk, "the file holds nothing of it");
  t.is(engine.nextDueAt(r.arn), T0 + 60_000);

  store.failAtRecord = undefined;
  const answer = engine.checkpoint(request, T0 + 2);
  t.is(answer.NewExecutionState?.Operations?.length, 53);
  t.deepEqual(engine.checkpoint(request, T0 + 3), answer, "the ClientToken was kept with it");
  const record = engine.getRecord(r.arn);
  t.is(record?.operations.length, 1 + 2 + 50 + 1);
  t.is(record?.events.filter((e) => e.EventType === "StepSucceeded").length, 51);
  t.deepEqual(plain(engine.getRecord(r.arn)), (onDisk(path, r.arn) as { record: unknown }).record);
  t.is(engine.nextDueAt(r.arn), T0 + 2 + 30_000, "the cancelled wait's timer went, the callback's came");
});

test("fireDue over two executions is one transaction: a failure on the second keeps neither", (t) => {
  const { path, store, engine } = setUp(t);
  const runs: Running[] = [0, 1].map(() => running({}, undefined, engine));
  for (const r of runs) {
    r.cp([waitStart("w", 1)]);
    engine.completeInvocation(r.arn, { output: { Status: "PENDING" } }, T0);
  }
  const before = runs.map((r) => onDisk(path, r.arn));
  store.failAtRecord = 2;
  t.throws(() => engine.fireDue(T0 + 1000), { message: "I/O error in the middle of a write" });
  t.deepEqual(
    runs.map((r) => onDisk(path, r.arn)),
    before,
  );
  t.deepEqual(
    runs.map((r) => engine.getRecord(r.arn)?.operations[1].op.Status),
    ["STARTED", "STARTED"],
  );
  store.failAtRecord = undefined;
  t.deepEqual(engine.fireDue(T0 + 1000).sort(), runs.map((r) => r.arn).sort());
  t.deepEqual(
    runs.map((r) => (onDisk(path, r.arn) as { record: { operations: { op: { Status: string } }[] } }).record.operations[1].op.Status),
    ["SUCCEEDED", "SUCCEEDED"],
  );
});

test("a start the store fails to write leaves no execution behind", (t) => {
  const { path, store, engine } = setUp(t);
  store.failAtRecord = 1;
  t.throws(() => engine.startExecution({ functionName: "fn", name: "n" }, T0), { message: "I/O error in the middle of a write" });
  store.failAtRecord = undefined;
  t.is(engine.store.findByName("fn", "$LATEST", "n"), undefined);
  const { arn, created } = engine.startExecution({ functionName: "fn", name: "n" }, T0);
  t.true(created);
  t.like((onDisk(path, arn) as { record: object }).record, { name: "n", status: "RUNNING" });
});
