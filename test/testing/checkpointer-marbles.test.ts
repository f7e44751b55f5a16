import test, { type ExecutionContext } from "ava";
import { Subject, throwError, type Observable } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { Checkpointer, type CheckpointerOptions, type CheckpointSender } from "../../src/checkpoint/checkpointer.js";
import type { CheckpointError } from "../../src/errors/index.js";
import { ExecutionState } from "../../src/replay/execution-state.js";
import type { CheckpointDurableExecutionInput, CheckpointDurableExecutionOutput, Operation, OperationUpdate } from "../../src/wire/types.js";

/*
 * Group commit under a TestScheduler (STYLE.md §7.6): the scheduler is injected, the
 * port answers with cold() Observables, so every frame below is exact.
 */

const update = (id: string): OperationUpdate => ({ Id: id, Type: "STEP", Action: "SUCCEED" });

interface Rig {
  readonly checkpointer: Checkpointer;
  /** The Ids of each request, at the frame it was sent. */
  readonly requests$: Observable<string>;
  readonly inputs: CheckpointDurableExecutionInput[];
  readonly failures: CheckpointError[];
  readonly state: ExecutionState;
  working(): number;
  /** Starts other running work (a step body, say), as the scope counts it; returns its end. */
  otherWork(): () => void;
}

function rig(
  scheduler: TestScheduler,
  answer: (input: CheckpointDurableExecutionInput, n: number) => Observable<CheckpointDurableExecutionOutput>,
  options: Partial<CheckpointerOptions> = {},
  getState: CheckpointSender["getState"] = () => throwError(() => new Error("no paging expected")),
): Rig {
  const requests$ = new Subject<string>();
  const inputs: CheckpointDurableExecutionInput[] = [];
  const failures: CheckpointError[] = [];
  const state = new ExecutionState([]);
  let running = 0;
  let checkpointer: Checkpointer | undefined;
  // As the invocation scope does: count running work and report every change.
  const beginWork = () => {
    running++;
    checkpointer?.workChanged(running);
    let released = false;
    return () => {
      if (!released) {
        running--;
        checkpointer?.workChanged(running);
      }
      released = true;
    };
  };
  const port: CheckpointSender = {
    checkpoint: (input) => {
      inputs.push(input);
      requests$.next((input.Updates ?? []).map((u) => u.Id).join("") || "_");
      return answer(input, inputs.length);
    },
    getState,
  };
  checkpointer = new Checkpointer(
    port,
    "arn",
    "token-0",
    state,
    { beginWork, fail: (error) => failures.push(error) },
    { mode: "eager", windowMs: 10, maxBatchOperations: 250, maxBatchBytes: 750 * 1024, transientRetries: 3, scheduler, ...options },
  );
  checkpointer.workChanged(running);
  return { checkpointer, requests$, inputs, failures, state, working: () => running, otherWork: beginWork };
}

const marbles = test.macro((t, body: (scheduler: TestScheduler, t: ExecutionContext) => void) => {
  body(new TestScheduler((actual, expected) => t.deepEqual(actual, expected)), t);
});

const ok = (token: string): CheckpointDurableExecutionOutput => ({ CheckpointToken: token, NewExecutionState: { Operations: [] } });

test("eager: what one frame saves goes in one request; saves made while it is in flight gather for the next", marbles, (scheduler, t) => {
  const acks: Record<string, number> = {};
  scheduler.run(({ cold, hot, expectObservable }) => {
    const r = rig(scheduler, () => cold("---(r|)", { r: ok("t") }));
    hot("(ab)c-d").subscribe((id) => r.checkpointer.save(update(id), true).subscribe({ complete: () => (acks[id] = scheduler.now()) }));
    // a and b leave at once; c finds the queue idle at 4; d arrives while c is in flight and waits for its answer.
    expectObservable(r.requests$).toBe("x---y--z", { x: "ab", y: "c", z: "d" });
  });
  // Each acknowledgement comes with the response to the request that carried it.
  t.deepEqual(acks, { a: 3, b: 3, c: 7, d: 10 });
});

test("each request carries the token of the previous response", marbles, (scheduler, t) => {
  let r!: Rig;
  scheduler.run(({ cold, hot }) => {
    r = rig(scheduler, (_input, n) => cold("-(r|)", { r: ok(`token-${n}`) }));
    hot("a-b-c").subscribe((id) => r.checkpointer.save(update(id), true).subscribe());
  });
  t.deepEqual(
    r.inputs.map((input) => input.CheckpointToken),
    ["token-0", "token-1", "token-2"],
  );
});

test("batched: with nothing else running, an update leaves on the next macrotask, as in eager", marbles, (scheduler) => {
  scheduler.run(({ cold, hot, expectObservable }) => {
    const r = rig(scheduler, () => cold("-(r|)", { r: ok("t") }), { mode: "batched", windowMs: 10 });
    // No company can come: waiting would only add latency (a sequential workflow's steps).
    hot("(ab) 20ms c").subscribe((id) => r.checkpointer.save(update(id), true).subscribe());
    expectObservable(r.requests$).toBe("x 23ms y", { x: "ab", y: "c" });
  });
});

test("batched: while other work runs, the first update of an idle queue waits windowMs for company", marbles, (scheduler) => {
  scheduler.run(({ cold, hot, expectObservable }) => {
    const r = rig(scheduler, () => cold("-(r|)", { r: ok("t") }), { mode: "batched", windowMs: 10 });
    // Other work (a long step body, say) runs from 0 to 40.
    hot("x 39ms y").subscribe((event) => (event === "x" ? (end = r.otherWork()) : end()));
    let end = () => {};
    hot("abc 20ms d").subscribe((id) => r.checkpointer.save(update(id), true).subscribe());
    // a, b, c at frames 0-2 leave at 10; d at 23 leaves at 33.
    expectObservable(r.requests$).toBe("10ms x 22ms y", { x: "abc", y: "d" });
  });
});

test("batched: the window closes as soon as the other work settles, and its timer with it", (t) => {
  const scheduler = new TestScheduler((actual, expected) => t.deepEqual(actual, expected));
  scheduler.run(({ cold, hot, expectObservable }) => {
    const r = rig(scheduler, () => cold("-(r|)", { r: ok("t") }), { mode: "batched", windowMs: 10 });
    let end = () => {};
    hot("x---y").subscribe((event) => (event === "x" ? (end = r.otherWork()) : end()));
    hot("a-b").subscribe((id) => r.checkpointer.save(update(id), true).subscribe());
    // The other work ends at 4: a and b leave then, not at 10.
    expectObservable(r.requests$).toBe("----x", { x: "ab" });
  });
  t.is(scheduler.now(), 5, "the request (4) and its response (5): the window's timer was cancelled");
});

test("a request holds at most maxBatchOperations updates; the rest go with the next", marbles, (scheduler, t) => {
  scheduler.run(({ cold, hot, expectObservable }) => {
    const r = rig(scheduler, () => cold("--(r|)", { r: ok("t") }), { maxBatchOperations: 2 });
    hot("(abcde)").subscribe((id) => r.checkpointer.save(update(id), true).subscribe());
    expectObservable(r.requests$).toBe("x-y-z", { x: "ab", y: "cd", z: "e" });
  });
});

test("a transient fault is sent again after 100 ms, then 200 ms, with the same ClientToken", marbles, (scheduler, t) => {
  let r!: Rig;
  scheduler.run(({ cold, hot, expectObservable }) => {
    const busy = Object.assign(new Error("slow down"), { name: "TooManyRequestsException", $metadata: { httpStatusCode: 429 } });
    r = rig(scheduler, (_input, n) => (n < 3 ? cold("-#", undefined, busy) : cold("-(r|)", { r: ok("t") })));
    hot("a").subscribe((id) => r.checkpointer.save(update(id), true).subscribe());
    // Sent at 0, fails at 1; again at 101, fails at 102; again at 302, succeeds.
    expectObservable(r.requests$).toBe("a 100ms a 200ms a", { a: "a" });
  });
  t.is(new Set(r.inputs.map((input) => input.ClientToken)).size, 1);
  t.deepEqual(r.failures, []);
});

test("a request that fails for good poisons (hooks.fail) and its acknowledgement never comes", marbles, (scheduler, t) => {
  let r!: Rig;
  let acked = false;
  scheduler.run(({ cold, hot }) => {
    const invalid = Object.assign(new Error("bad update"), { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } });
    r = rig(scheduler, () => cold("--#", undefined, invalid));
    hot("a").subscribe((id) => r.checkpointer.save(update(id), true).subscribe({ complete: () => (acked = true) }));
  });
  t.false(acked);
  t.is(r.failures.length, 1);
  t.is(r.failures[0]!.failure, "execution");
  t.is(r.working(), 0, "no running work is left counted");
});

test("gating updates and requests in flight count as running work until acknowledged", marbles, (scheduler, t) => {
  const seen: number[] = [];
  scheduler.run(({ cold, hot }) => {
    const r = rig(scheduler, () => cold("----(r|)", { r: ok("t") }));
    hot("a").subscribe((id) => r.checkpointer.save(update(id), true).subscribe());
    hot("b").subscribe((id) => r.checkpointer.save(update(id), false).subscribe());
    hot("--x---y").subscribe(() => seen.push(r.working()));
  });
  // Frame 2: a (gating) and the request in flight; frame 6: everything acknowledged.
  t.deepEqual(seen, [2, 0]);
});

test("refresh sends Updates: [] only when nothing is queued or in flight", marbles, (scheduler, t) => {
  scheduler.run(({ cold, hot, expectObservable }) => {
    const r = rig(scheduler, () => cold("--(r|)", { r: ok("t") }));
    hot("a").subscribe((id) => r.checkpointer.save(update(id), true).subscribe());
    // At 1 the request for a is in flight: no refresh. At 5 the queue is idle: one goes.
    hot("-x---x").subscribe(() => r.checkpointer.refresh());
    expectObservable(r.requests$).toBe("a----_", { a: "a", _: "_" });
  });
});

test("the response's state is merged, and a NextMarker is paged in before the acknowledgement", marbles, (scheduler, t) => {
  const op = (id: string): Operation => ({ Id: id, Type: "STEP", Status: "SUCCEEDED" });
  let r!: Rig;
  let ackedAt = -1;
  scheduler.run(({ cold, hot }) => {
    r = rig(
      scheduler,
      () => cold("-(r|)", { r: { CheckpointToken: "t1", NewExecutionState: { Operations: [op("x")], NextMarker: "m1" } } }),
      {},
      (input) => cold("--(p|)", { p: input.Marker === "m1" ? { Operations: [op("y")], NextMarker: "m2" } : { Operations: [op("z")] } }),
    );
    hot("a").subscribe((id) => r.checkpointer.save(update(id), true).subscribe({ complete: () => (ackedAt = scheduler.now()) }));
  });
  t.deepEqual(["x", "y", "z"].map((id) => r.state.get(id)?.Status), ["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
  t.is(ackedAt, 5, "request 0→1, first page 1→3, second page 3→5");
});

test("after close, saves are dropped and nothing more is sent", marbles, (scheduler, t) => {
  scheduler.run(({ cold, hot, expectObservable }) => {
    const r = rig(scheduler, () => cold("-(r|)", { r: ok("t") }));
    hot("a---b").subscribe((id) => r.checkpointer.save(update(id), true).subscribe());
    hot("--c").subscribe(() => r.checkpointer.close());
    expectObservable(r.requests$).toBe("a", { a: "a" });
  });
});

test("nothing is armed while the queue is idle: run() ends with no pending timer", (t) => {
  const scheduler = new TestScheduler((actual, expected) => t.deepEqual(actual, expected));
  scheduler.run(({ cold }) => {
    const r = rig(scheduler, () => cold("-(r|)", { r: ok("t") }), { mode: "batched", windowMs: 10 });
    r.otherWork();
    r.checkpointer.save(update("a"), true).subscribe();
  });
  t.is(scheduler.now(), 11, "the window (10, other work never ends) and the response (1), then nothing");
});
