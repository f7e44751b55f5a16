import test from "ava";
import { nextDueAt } from "../../../src/local/engine/index.js";
import type { OperationUpdate } from "../../../src/wire/types.js";
import { callbackStart, newEngine, running, stepStart, T0, waitStart, type Running } from "../../helpers/engine-fixtures.js";
import { STORE_KINDS } from "./store-fixtures.js";

/** What every ExecutionStore must do, run against the memory and the SQLite store alike. */

const suspend = (r: Running, now = T0): void => void r.engine.completeInvocation(r.arn, { output: { Status: "PENDING" } }, now);
const retry = (Id: string, seconds: number): OperationUpdate => ({
  Id,
  Type: "STEP",
  Action: "RETRY",
  StepOptions: { NextAttemptDelaySeconds: seconds },
});

for (const [kind, openStore] of Object.entries(STORE_KINDS)) {
  test(`${kind}: one deadline per operation, of every kind, earliest first`, (t) => {
    const engine = newEngine({ store: openStore(t) });
    const { arn } = engine.startExecution({ functionName: "fn", executionTimeoutSeconds: 3600 }, T0);
    let token = engine.beginInvocation(arn, T0).event.CheckpointToken;
    const next = (Updates: OperationUpdate[]): void => {
      token = engine.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates }, T0).CheckpointToken ?? "";
    };
    const r = running({}, undefined, engine);

    t.is(engine.nextDueAt(arn), T0 + 3_600_000, "the execution timeout");
    next([waitStart("w", 60), stepStart("s"), retry("s", 30), callbackStart("cb", { TimeoutSeconds: 20, HeartbeatTimeoutSeconds: 10 })]);
    t.is(engine.nextDueAt(arn), T0 + 10_000, "the heartbeat timeout");
    t.deepEqual(engine.store.dueOperations(arn, T0 + 30_000).sort(), ["cb", "s"]);
    t.deepEqual(engine.store.dueOperations(arn, T0 + 9_999), []);
    engine.heartbeatCallback(engine.getRecord(arn)?.operations[3].op.CallbackDetails?.CallbackId ?? "", T0 + 5_000);
    t.is(engine.nextDueAt(arn), T0 + 15_000, "a heartbeat moves the timer, leaving no stale one behind");
    t.is(engine.nextDueAt(), T0 + 15_000, "the earliest across executions");
    t.deepEqual(engine.store.dueExecutions(T0 + 15_000), [arn]);
    t.is(engine.nextDueAt(r.arn), undefined);

    engine.fireDue(T0 + 15_000);
    t.is(engine.getRecord(arn)?.operations[3].op.Status, "TIMED_OUT");
    t.is(engine.nextDueAt(arn), T0 + 30_000, "the retry");
    engine.fireDue(T0 + 30_000);
    t.is(engine.getRecord(arn)?.operations[2].op.Status, "READY");
    t.is(engine.nextDueAt(arn), T0 + 60_000, "the wait");
    t.is(engine.nextDueAt(arn), nextDueAt(engine.getRecord(arn)!));
    engine.stopExecution(arn, undefined, T0 + 40_000);
    t.is(engine.nextDueAt(arn), undefined, "an ended execution has no timers");
    t.deepEqual(engine.store.dueExecutions(T0 + 10_000_000), []);
  });

  test(`${kind}: the execution timeout fires from the index`, (t) => {
    const engine = newEngine({ store: openStore(t) });
    const { arn } = engine.startExecution({ functionName: "fn", executionTimeoutSeconds: 60 }, T0);
    t.deepEqual(engine.fireDue(T0 + 59_999), []);
    engine.fireDue(T0 + 60_000);
    t.like(engine.getRecord(arn), { status: "TIMED_OUT", endMs: T0 + 60_000 });
    t.is(engine.nextDueAt(), undefined);
  });

  test(`${kind}: which executions wait for an invocation, and which have one running`, (t) => {
    const engine = newEngine({ store: openStore(t) });
    const r = running({}, undefined, engine);
    t.deepEqual(engine.executionsInvoking(), [r.arn]);
    t.deepEqual(engine.executionsToInvoke(), []);
    r.cp([waitStart("w", 1)]);
    suspend(r);
    t.deepEqual(engine.executionsInvoking(), []);
    t.deepEqual(engine.executionsToInvoke(), []);
    t.deepEqual(engine.fireDue(T0 + 1000), [r.arn]);
    t.deepEqual(engine.executionsToInvoke(), [r.arn]);
    engine.beginInvocation(r.arn, T0 + 1000);
    t.deepEqual(engine.executionsToInvoke(), []);
    t.deepEqual(engine.executionsInvoking(), [r.arn]);
    engine.completeInvocation(r.arn, { output: { Status: "SUCCEEDED" } }, T0 + 1001);
    t.deepEqual(engine.executionsInvoking(), []);
  });

  test(`${kind}: names, headers by function oldest first, ListDurableExecutionsByFunction`, (t) => {
    const engine = newEngine({ store: openStore(t) });
    const first = engine.startExecution({ functionName: "orders", name: "o-1", input: "1" }, T0 + 2);
    const second = engine.startExecution({ functionName: "orders", name: "o-2" }, T0 + 1);
    engine.startExecution({ functionName: "billing", name: "o-1" }, T0);
    t.is(engine.store.findByName("orders", "$LATEST", "o-1"), first.arn);
    t.is(engine.store.findByName("orders", "1", "o-1"), undefined);
    t.deepEqual(engine.startExecution({ functionName: "orders", name: "o-1", input: "1" }, T0 + 9), { arn: first.arn, created: false });
    t.throws(() => engine.startExecution({ functionName: "orders", name: "o-1", input: "2" }, T0), {
      name: "DurableExecutionAlreadyStartedException",
    });
    const headers = [...engine.store.list("orders")];
    t.deepEqual(
      headers.map((h) => [h.arn, h.name, h.status, h.startMs]),
      [
        [second.arn, "o-2", "RUNNING", T0 + 1],
        [first.arn, "o-1", "RUNNING", T0 + 2],
      ],
    );
    t.is([...engine.store.list()].length, 3);
    engine.stopExecution(second.arn, undefined, T0 + 5);
    const listed = engine.listExecutions({ FunctionName: "orders", Statuses: ["STOPPED"] }).DurableExecutions;
    t.like(listed, [{ DurableExecutionArn: second.arn, Status: "STOPPED", EndTimestamp: T0 + 5 }]);
  });

  test(`${kind}: callbacks are found by id and complete`, (t) => {
    const engine = newEngine({ store: openStore(t) });
    const r = running({}, undefined, engine);
    r.cp([callbackStart("cb")]);
    suspend(r);
    const id = r.op("cb")?.CallbackDetails?.CallbackId ?? "";
    t.deepEqual(engine.succeedCallback(id, '"ok"', T0 + 1), { arn: r.arn });
    t.like(r.op("cb"), { Status: "SUCCEEDED", CallbackDetails: { Result: '"ok"' } });
    t.deepEqual(engine.executionsToInvoke(), [r.arn]);
    t.throws(() => engine.failCallback(id, undefined, T0 + 2), { name: "CallbackTimeoutException" });
  });
}
