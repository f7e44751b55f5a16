import test from "ava";
import type { DurableEngine, RecordWrite } from "../../../src/local/engine/index.js";
import { MemoryExecutionStore } from "../../../src/local/store/memory-store.js";
import { callbackStart, contextStart, newEngine, running, stepStart, stepSucceed, T0, waitStart, type Running } from "../../helpers/engine-fixtures.js";
import { plain } from "../store/store-fixtures.js";

/** A memory store that records each commit and can be told to fail the next one. */
class RecordingStore extends MemoryExecutionStore {
  readonly commits: (readonly RecordWrite[])[] = [];
  failNext = false;

  override commit(writes: readonly RecordWrite[]): void {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("disk full");
    }
    this.commits.push(writes);
    super.commit(writes);
  }
}

function setUp(options: Parameters<typeof running>[0] = {}): Running & { store: RecordingStore } {
  const store = new RecordingStore();
  return { ...running({ ...options, store }), store };
}

const suspend = (r: Running, now = T0): void => void r.engine.completeInvocation(r.arn, { output: { Status: "PENDING" } }, now);
const callbackId = (r: Running, id: string): string => r.op(id)?.CallbackDetails?.CallbackId ?? "";

/**
 * Each case brings an execution to some state, then makes one engine call. The call runs
 * once with the store failing its commit: the engine must throw and leave every record as
 * it was. Then it runs again, for real, and must succeed: the rollback left the record
 * and its indexes usable.
 */
const cases: Record<string, { options?: Parameters<typeof running>[0]; before?(r: Running): void; call(r: Running): unknown }> = {
  "checkpoint adding steps, a wait, a callback and a context with a child": {
    call: (r) =>
      r.cp(
        [
          stepStart("s"),
          stepSucceed("s", "1"),
          waitStart("w", 10),
          callbackStart("cb", { TimeoutSeconds: 30, HeartbeatTimeoutSeconds: 5 }),
          contextStart("c"),
          stepStart("c-1", { ParentId: "c" }),
        ],
        T0,
        "client-1",
      ),
  },
  "checkpoint completing, retrying and cancelling existing operations": {
    before: (r) => r.cp([stepStart("a"), stepStart("b"), waitStart("w", 60), callbackStart("cb"), contextStart("c")]),
    call: (r) =>
      r.cp([
        stepSucceed("a", '"ok"'),
        { Id: "b", Type: "STEP", Action: "RETRY", Error: { ErrorMessage: "flaky" }, StepOptions: { NextAttemptDelaySeconds: 5 } },
        { Id: "w", Type: "WAIT", Action: "CANCEL" },
        { Id: "cb", Type: "CALLBACK", Action: "CANCEL" },
        { Id: "c", Type: "CONTEXT", Action: "SUCCEED", Payload: "[]" },
      ]),
  },
  "checkpoint ending the execution": {
    call: (r) => r.cp([stepStart("s"), { Id: "x", Type: "EXECUTION", Action: "SUCCEED", Payload: '"done"' }]),
  },
  "checkpoint that fires a due wait and prunes expired ClientTokens": {
    options: { clientTokenTtlMs: 1000 },
    before: (r) => {
      r.cp([waitStart("w", 1)], T0, "old-1");
      r.cp([], T0, "old-2");
    },
    call: (r) => r.cp([stepStart("s")], T0 + 5000, "new"),
  },
  "checkpoint whose NewExecutionState pages": {
    options: { newStatePageSize: 2 },
    call: (r) => r.cp([stepStart("a"), stepStart("b"), stepStart("c")]),
  },
  "beginInvocation after a suspension": {
    before: (r) => {
      r.cp([waitStart("w", 1)]);
      suspend(r);
      r.engine.fireDue(T0 + 1000);
    },
    call: (r) => r.engine.beginInvocation(r.arn, T0 + 1000),
  },
  "completeInvocation with PENDING": {
    before: (r) => r.cp([waitStart("w", 1)]),
    call: (r) => suspend(r),
  },
  "completeInvocation thrown, the last allowed failure, failing the execution": {
    options: { maxConsecutiveInvocationFailures: 1 },
    call: (r) => r.engine.completeInvocation(r.arn, { thrown: new Error("boom") }, T0 + 5),
  },
  "completeInvocation with SUCCEEDED": {
    call: (r) => r.engine.completeInvocation(r.arn, { output: { Status: "SUCCEEDED", Result: "1" } }, T0 + 5),
  },
  "succeedCallback": {
    before: (r) => {
      r.cp([callbackStart("cb", { TimeoutSeconds: 30 })]);
      suspend(r);
    },
    call: (r) => r.engine.succeedCallback(callbackId(r, "cb"), '"yes"', T0 + 5),
  },
  "failCallback": {
    before: (r) => r.cp([callbackStart("cb")]),
    call: (r) => r.engine.failCallback(callbackId(r, "cb"), { ErrorMessage: "no" }, T0 + 5),
  },
  "heartbeatCallback": {
    before: (r) => r.cp([callbackStart("cb", { HeartbeatTimeoutSeconds: 10 })]),
    call: (r) => r.engine.heartbeatCallback(callbackId(r, "cb"), T0 + 5000),
  },
  "completeChainedInvoke": {
    before: (r) => r.cp([{ Id: "i", Type: "CHAINED_INVOKE", Action: "START", ChainedInvokeOptions: { FunctionName: "other" } }]),
    call: (r) => r.engine.completeChainedInvoke(r.arn, "i", { status: "SUCCEEDED", result: "2" }, T0 + 5),
  },
  "stopExecution": {
    before: (r) => r.cp([waitStart("w", 60)]),
    call: (r) => r.engine.stopExecution(r.arn, { ErrorMessage: "stop" }, T0 + 5),
  },
  "fireDue: a wait, a retry, a callback timeout and a heartbeat timeout": {
    before: (r) => {
      r.cp([
        waitStart("w", 1),
        stepStart("s"),
        { Id: "s", Type: "STEP", Action: "RETRY", StepOptions: { NextAttemptDelaySeconds: 1 } },
        callbackStart("cb", { TimeoutSeconds: 1 }),
        callbackStart("hb", { HeartbeatTimeoutSeconds: 1 }),
      ]);
      suspend(r);
    },
    call: (r) => r.engine.fireDue(T0 + 1000),
  },
};

for (const [title, { options, before, call }] of Object.entries(cases)) {
  test(`rollback: ${title}`, (t) => {
    const r = setUp(options);
    before?.(r);
    const snapshot = plain(r.engine.getRecord(r.arn));
    const due = [r.engine.nextDueAt(r.arn), r.engine.executionsToInvoke(), r.engine.executionsInvoking()];
    const token = r.token;
    r.store.failNext = true;
    t.throws(() => call(r), { message: "disk full" });
    t.deepEqual(plain(r.engine.getRecord(r.arn)), snapshot);
    t.deepEqual([r.engine.nextDueAt(r.arn), r.engine.executionsToInvoke(), r.engine.executionsInvoking()], due);
    r.token = token;
    t.notThrows(() => call(r));
    t.notDeepEqual(plain(r.engine.getRecord(r.arn)), snapshot);
  });
}

test("rollback: a started execution the store failed to keep does not exist", (t) => {
  const store = new RecordingStore();
  const engine = newEngine({ store });
  store.failNext = true;
  t.throws(() => engine.startExecution({ functionName: "fn", name: "once" }, T0), { message: "disk full" });
  t.deepEqual([...store.list()], []);
  t.is(store.findByName("fn", "$LATEST", "once"), undefined);
  t.true(engine.startExecution({ functionName: "fn", name: "once" }, T0).created);
});

test("rollback: fireDue over two executions keeps neither when the commit fails", (t) => {
  const store = new RecordingStore();
  const engine = newEngine({ store });
  const arns = ["a", "b"].map((name) => {
    const r = running({}, undefined, engine);
    r.cp([waitStart(`w-${name}`, 1)]);
    suspend(r);
    return r.arn;
  });
  const before = arns.map((arn) => plain(engine.getRecord(arn)));
  store.failNext = true;
  t.throws(() => engine.fireDue(T0 + 1000));
  t.deepEqual(
    arns.map((arn) => plain(engine.getRecord(arn))),
    before,
  );
  t.deepEqual(engine.fireDue(T0 + 1000).sort(), [...arns].sort());
  t.is(store.commits.at(-1)?.length, 2, "one commit for both executions");
});

test("a rule that throws midway leaves nothing: a rejected checkpoint after a timer fired", (t) => {
  const r = setUp();
  r.cp([waitStart("w", 1)]);
  const snapshot = plain(r.engine.getRecord(r.arn));
  // The wait is due (fired first), then the request is rejected (stale token): neither stays.
  t.throws(() => r.engine.checkpoint({ DurableExecutionArn: r.arn, CheckpointToken: "c3RhbGU=", Updates: [] }, T0 + 1000), {
    message: "Invalid Checkpoint Token",
  });
  t.deepEqual(plain(r.engine.getRecord(r.arn)), snapshot);
  t.is(r.op("w")?.Status, "STARTED");
});

test("a checkpoint writes what it changed, whatever the length of the history", (t) => {
  const r = setUp();
  for (let i = 0; i < 2000; i += 500) {
    r.cp(Array.from({ length: 500 }, (_, j) => [stepStart(`h${i + j}`), stepSucceed(`h${i + j}`, "1")]).flat());
  }
  r.cp([stepStart("open")]);
  const commitsBefore = r.store.commits.length;

  r.cp([stepSucceed("open", "2"), stepStart("new"), stepSucceed("new", "3")], T0, "client-token");
  t.is(r.store.commits.length, commitsBefore + 1);
  const [write] = r.store.commits.at(-1) ?? [];
  const { changes } = write;
  t.deepEqual(
    changes.added.map((entry) => entry.op.Id),
    ["new"],
  );
  t.is(changes.addedFrom, 2002);
  t.deepEqual(
    changes.changed.map(({ position, entry }) => [position, entry.op.Id, entry.op.Status]),
    [[2001, "open", "SUCCEEDED"]],
  );
  t.deepEqual(
    changes.events.map((event) => [event.EventType, event.Id]),
    [
      ["StepSucceeded", "open"],
      ["StepStarted", "new"],
      ["StepSucceeded", "new"],
    ],
  );
  t.is(changes.newTokens.length, 1);
  t.false(changes.tokensReset);
  t.deepEqual(
    changes.clientTokensAdded.map(([token]) => token),
    ["client-token"],
  );
  t.like(changes, { created: false, ended: false, headChanged: true, changeListingChanged: false, invocations: [] });
});

test("a call that changes nothing commits nothing: a duplicate ClientToken", (t) => {
  const r = setUp();
  const request = { DurableExecutionArn: r.arn, CheckpointToken: r.token, Updates: [stepStart("a")], ClientToken: "dup" };
  const first = r.engine.checkpoint(request, T0);
  const commits = r.store.commits.length;
  t.deepEqual(r.engine.checkpoint(request, T0 + 1), first);
  t.is(r.store.commits.length, commits);
});

test("invocations: a new one is added, its end changes it; the tokens of an ended invocation go", (t) => {
  const r = setUp();
  r.cp([waitStart("w", 1)]);
  suspend(r, T0 + 3);
  const ended = r.store.commits.at(-1)?.[0].changes;
  t.like(ended?.invocations, [{ number: 1, endMs: T0 + 3, outcome: "PENDING" }]);
  t.true(ended?.tokensReset);
  r.engine.fireDue(T0 + 1000);
  (r.engine as DurableEngine).beginInvocation(r.arn, T0 + 1000);
  const begun = r.store.commits.at(-1)?.[0].changes;
  t.like(begun?.invocations, [{ number: 2, startMs: T0 + 1000 }]);
  t.is(begun?.invocations.length, 1);
  t.is(begun?.newTokens.length, 1);
  t.false(begun?.tokensReset);
});
