import test from "ava";
import { filter, from, lastValueFrom, Subject, toArray } from "rxjs";
import { distinctProgress, DurableError, Retry, type DurableContext, type DurableEvent } from "../../src/index.js";
import { hashOperationId } from "../../src/ids/index.js";
import { runLive } from "../helpers/live.js";

/**
 * `ctx.progress(value)`: a sequence per context, replay tagging from the history, and
 * `distinctProgress()` keeping each publication once however many invocations repeat it.
 */

const progressOf = (events: DurableEvent[]) => events.filter((e) => e.type === "progress");
const rows = (events: DurableEvent[]) => progressOf(events).map((e) => [e.sequence, e.replay, e.detail]);

/** Three items, each a step then a wait: four invocations, each replaying the ones before. */
async function itemsWithWaits() {
  const events: DurableEvent[] = [];
  const live = await runLive(
    async (_event, ctx) => {
      for (let i = 1; i <= 3; i++) {
        await ctx.step(`item-${i}`, () => i);
        ctx.progress({ done: i, total: 3 });
        await ctx.wait(`pause-${i}`, { seconds: 1 });
      }
      return "done";
    },
    { config: { events: (event) => events.push(event) } },
  );
  return { events, live };
}

test("each call has a sequence per context; a call the history shows already ran is tagged replay", async (t) => {
  const { events, live } = await itemsWithWaits();
  t.deepEqual(live.invocations, ["PENDING", "PENDING", "PENDING", "SUCCEEDED"]);
  t.deepEqual(rows(events), [
    [1, false, { done: 1, total: 3 }],
    [1, true, { done: 1, total: 3 }],
    [2, false, { done: 2, total: 3 }],
    [1, true, { done: 1, total: 3 }],
    [2, true, { done: 2, total: 3 }],
    [3, false, { done: 3, total: 3 }],
    [1, true, { done: 1, total: 3 }],
    [2, true, { done: 2, total: 3 }],
    [3, true, { done: 3, total: 3 }],
  ]);
  t.true(progressOf(events).every((e) => e.operationId === undefined && e.executionArn === live.run.arn), "the root context has no id");
});

test("distinctProgress keeps each publication once, in order, and lets every other event through", async (t) => {
  const { events } = await itemsWithWaits();
  const kept = await lastValueFrom(from(events).pipe(distinctProgress(), toArray()));
  t.deepEqual(rows(kept), [
    [1, false, { done: 1, total: 3 }],
    [2, false, { done: 2, total: 3 }],
    [3, false, { done: 3, total: 3 }],
  ]);
  t.deepEqual(
    kept.filter((e) => e.type !== "progress"),
    events.filter((e) => e.type !== "progress"),
  );
});

test("progress published after the last checkpoint of an invocation that crashed comes again untagged, with the same sequence", async (t) => {
  const subject = new Subject<DurableEvent>();
  const all: DurableEvent[] = [];
  const once: DurableEvent[] = [];
  subject.subscribe((e) => all.push(e));
  subject.pipe(distinctProgress(), filter((e) => e.type === "progress")).subscribe((e) => once.push(e));
  let crashes = 0;
  const live = await runLive(
    async (_event, ctx) => {
      await ctx.step("load", () => "rows");
      ctx.progress("loaded");
      // The invocation dies before anything after the progress call is checkpointed.
      if (crashes++ === 0) throw DurableError.invocation("out of memory");
      await ctx.step("save", () => "saved");
      ctx.progress("saved");
      return "ok";
    },
    { config: { events: subject } },
  );
  t.deepEqual(live.invocations, ["THREW", "SUCCEEDED"]);
  t.deepEqual(rows(all), [
    [1, false, "loaded"],
    [1, false, "loaded"],
    [2, false, "saved"],
  ]);
  t.deepEqual(rows(once), [
    [1, false, "loaded"],
    [2, false, "saved"],
  ]);
});

test("a child context numbers its own calls and names itself in operationId", async (t) => {
  const events: DurableEvent[] = [];
  await runLive(
    async (_event, ctx) => {
      ctx.progress("root 1");
      await ctx.runInChildContext("batch", async (child: DurableContext) => {
        child.progress("child 1");
        await child.step("work", () => 1);
        child.progress("child 2");
        await child.wait("rest", { seconds: 1 });
      });
      ctx.progress("root 2");
      return 1;
    },
    { config: { events: (event) => events.push(event) } },
  );
  const childId = hashOperationId("1");
  t.deepEqual(
    progressOf(events).map((e) => [e.detail, e.operationId, e.sequence, e.replay]),
    [
      ["root 1", undefined, 1, false],
      ["child 1", childId, 1, false],
      ["child 2", childId, 2, false],
      // Second invocation: the wait's record proves both child calls ran; the child's
      // CONTEXT started, so "root 1" ran too.
      ["root 1", undefined, 1, true],
      ["child 1", childId, 1, true],
      ["child 2", childId, 2, true],
      ["root 2", undefined, 2, false],
    ],
  );
});

test("progress from a step body belongs to the step: no sequence, never replayed, published again by a retry", async (t) => {
  const events: DurableEvent[] = [];
  await runLive(
    async (_event, ctx) => {
      await ctx.step(
        "import",
        ({ attempt }) => {
          ctx.progress({ attempt });
          if (attempt === 1) throw new Error("flaky");
          return "imported";
        },
        { retry: Retry.fixed({ maxAttempts: 2, delay: { seconds: 1 } }) },
      );
      ctx.progress("after");
      return 1;
    },
    { config: { events: (event) => events.push(event) } },
  );
  const stepId = hashOperationId("1");
  t.deepEqual(
    progressOf(events).map((e) => [e.detail, e.operationId, e.sequence, e.replay]),
    [
      [{ attempt: 1 }, stepId, undefined, false],
      [{ attempt: 2 }, stepId, undefined, false],
      ["after", undefined, 1, false],
    ],
  );
});

test("calls are counted whether anyone listens or not, so the numbering never depends on the audience", async (t) => {
  const seen: DurableEvent[] = [];
  await runLive(async (_event, ctx) => {
    ctx.progress("unheard");
    ctx.events$.pipe(filter((e) => e.type === "progress")).subscribe((e) => seen.push(e));
    ctx.progress("heard");
    return 1;
  });
  t.deepEqual(
    seen.map((e) => [e.detail, e.sequence]),
    [["heard", 2]],
  );
});

test("a call after the invocation ended publishes nothing and does not throw", async (t) => {
  const events: DurableEvent[] = [];
  let kept: DurableContext | undefined;
  await runLive(
    async (_event, ctx) => {
      kept = ctx;
      return 1;
    },
    { config: { events: (event) => events.push(event) } },
  );
  const before = events.length;
  t.notThrows(() => kept!.progress("late"));
  t.is(events.length, before);
});
