import test from "ava";
import fc from "fast-check";
import { deadlineOf, nextDueAt, type ExecutionRecord } from "../../../src/local/engine/index.js";
import type { ExecutionStore } from "../../../src/local/engine/store.js";
import { MemoryExecutionStore } from "../../../src/local/store/memory-store.js";
import { SqliteExecutionStore } from "../../../src/local/store/sqlite-store.js";
import type { OperationUpdate } from "../../../src/wire/types.js";
import { callbackStart, newEngine, stepStart, T0, waitStart } from "../../helpers/engine-fixtures.js";

/**
 * The stores' timer indexes against the reference: whatever sequence of waits, retries,
 * callbacks, heartbeats, completions and clock moves, the index answers what scanning
 * every operation of the record answers.
 */

type Command =
  | { kind: "wait"; seconds: number }
  | { kind: "retry"; seconds: number }
  | { kind: "callback"; timeout: number; heartbeat: number }
  | { kind: "heartbeat"; pick: number }
  | { kind: "complete-callback"; pick: number }
  | { kind: "cancel-wait"; pick: number }
  | { kind: "restart-step"; pick: number }
  | { kind: "advance"; ms: number };

// Weighted towards the commands that move an existing deadline, the easiest to get wrong.
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 120 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("retry" as const), seconds: fc.integer({ min: 1, max: 120 }) }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant("callback" as const),
      timeout: fc.integer({ min: 0, max: 120 }),
      heartbeat: fc.integer({ min: 0, max: 60 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant("heartbeat" as const), pick: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("complete-callback" as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("cancel-wait" as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("restart-step" as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 90_000 }) }), weight: 4 },
);

function referenceDue(record: ExecutionRecord, at: number): string[] {
  if (record.status !== "RUNNING") return [];
  return record.operations
    .filter((entry) => {
      const due = deadlineOf(record, entry);
      return due !== undefined && due <= at;
    })
    .map((entry) => entry.op.Id)
    .sort();
}

function check(store: ExecutionStore, commands: Command[]): void {
  const engine = newEngine({ store });
  const { arn } = engine.startExecution({ functionName: "fn", executionTimeoutSeconds: 3600 }, T0);
  let token = engine.beginInvocation(arn, T0).event.CheckpointToken;
  let now = T0;
  let n = 0;
  const record = (): ExecutionRecord => engine.getRecord(arn) as ExecutionRecord;
  const ids = (type: string, status: string): string[] =>
    record()
      .operations.filter((entry) => entry.op.Type === type && entry.op.Status === status)
      .map((entry) => entry.op.Id);
  const pickFrom = (list: string[], pick: number): string | undefined => (list.length === 0 ? undefined : list[pick % list.length]);
  const cp = (Updates: OperationUpdate[]): void => {
    token = engine.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates }, now).CheckpointToken ?? token;
  };

  for (const c of commands) {
    if (record().status !== "RUNNING") break;
    const id = `op${++n}`;
    switch (c.kind) {
      case "wait":
        cp([waitStart(id, c.seconds)]);
        break;
      case "retry":
        cp([stepStart(id), { Id: id, Type: "STEP", Action: "RETRY", StepOptions: { NextAttemptDelaySeconds: c.seconds } }]);
        break;
      case "callback":
        cp([callbackStart(id, { TimeoutSeconds: c.timeout, HeartbeatTimeoutSeconds: c.heartbeat })]);
        break;
      case "heartbeat":
      case "complete-callback": {
        const target = pickFrom(ids("CALLBACK", "STARTED"), c.pick);
        const entry = record().operations.find((e) => e.op.Id === target);
        const callbackId = entry?.op.CallbackDetails?.CallbackId;
        if (callbackId === undefined) break;
        if (c.kind === "heartbeat") engine.heartbeatCallback(callbackId, now);
        else engine.succeedCallback(callbackId, "1", now);
        break;
      }
      case "cancel-wait": {
        const target = pickFrom(ids("WAIT", "STARTED"), c.pick);
        if (target) cp([{ Id: target, Type: "WAIT", Action: "CANCEL" }]);
        break;
      }
      case "restart-step": {
        const target = pickFrom(ids("STEP", "READY"), c.pick);
        if (target) cp([{ Id: target, Type: "STEP", Action: "START" }]);
        break;
      }
      case "advance":
        now += c.ms;
        engine.fireDue(now);
        break;
    }
    const reference = nextDueAt(record());
    if (engine.nextDueAt(arn) !== reference) throw new Error(`nextDueAt(arn) ${engine.nextDueAt(arn)}, reference ${reference}`);
    if (engine.nextDueAt() !== reference) throw new Error(`nextDueAt() ${engine.nextDueAt()}, reference ${reference}`);
    // Probed at every deadline the record holds and just before it, so a stale entry shows.
    const deadlines = record().operations.map((entry) => deadlineOf(record(), entry)).filter((d) => d !== undefined);
    for (const at of [now, ...deadlines.flatMap((d) => [d - 1, d])]) {
      const indexed = store.dueOperations(arn, at).sort().join();
      const scanned = referenceDue(record(), at).join();
      if (indexed !== scanned) throw new Error(`due at ${at - T0}: index [${indexed}], reference [${scanned}]`);
    }
  }
}

test("memory store: the timer index answers what a scan answers", (t) => {
  fc.assert(
    fc.property(fc.array(command, { maxLength: 60 }), (commands) => check(new MemoryExecutionStore(), commands)),
    { numRuns: 400 },
  );
  t.pass();
});

test("SQLite store: the timer index answers what a scan answers", (t) => {
  fc.assert(
    fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
      // An in-memory database: the same SQL, without a file per run.
      const store = new SqliteExecutionStore(":memory:");
      try {
        check(store, commands);
      } finally {
        store.close();
      }
    }),
    { numRuns: 300 },
  );
  t.pass();
});
