import { CompletionConfig, Retry, type DurableContext } from "../../src/index.js";
import type { StoredOperation } from "../../src/local/engine/index.js";
import type { Bodies } from "./bodies.js";

/**
 * The workflows the crash sweep and the fault tests run. Each exercises one kind of
 * operation between steps of both semantics. Bodies are deterministic in `v`, so every
 * run of a workflow must end with the same values; which *run* of a step the result
 * carries may differ where a step ran again (see Tagged). Every step has a unique name,
 * so the checks can find its record.
 *
 * Callbacks are answered by the harness as soon as they start, with `answerOf(name)`.
 */
export interface CrashWorkflow {
  readonly name: string;
  /** The clock the crash sweep runs it on (default virtual: time jumps whenever nothing runs). */
  readonly clock?: "real";
  readonly handler: (bodies: Bodies) => (event: unknown, ctx: DurableContext) => Promise<unknown>;
}

/** What the harness answers the callback named `name` with. */
export const answerOf = (name: string) => ({ answer: `for ${name}` });

const quickRetry = Retry.fixed({ maxAttempts: 5, delay: { seconds: 1 } });

/** The CALLBACK's sibling step of a waitForCallback context named `name`: its submitter. */
const submitterOf =
  (name: string) =>
  (ops: readonly StoredOperation[]): StoredOperation | undefined => {
    const context = ops.find((op) => op.Type === "CONTEXT" && op.Name === name);
    return context && ops.find((op) => op.Type === "STEP" && op.ParentId === context.Id);
  };

export const WORKFLOWS: readonly CrashWorkflow[] = [
  {
    name: "sequential",
    handler: (b) => async (_event, ctx) => {
      const a = await b.step(ctx, "a", () => 1);
      const m = await b.step(ctx, "b", () => a.v * 10, { atMostOnce: true, retry: quickRetry, from: [a] });
      await ctx.wait("pause", { seconds: 5 });
      const c = await b.step(ctx, "c", () => m.v + 1, { yields: 1, from: [m] });
      const d = await b.step(ctx, "d", () => c.v * 2, { atMostOnce: true, yields: 1, retry: quickRetry, from: [c] });
      return { a, b: m, c, d };
    },
  },
  {
    name: "retries",
    handler: (b) => async (_event, ctx) => {
      // Fails twice (two RETRYs, each a suspension until the service makes it READY).
      const flaky = await b.step(ctx, "flaky", () => 3, { succeedsOnAttempt: 3, retry: quickRetry, yields: 1 });
      const once = await b.step(ctx, "flaky-at-most-once", () => 2, {
        atMostOnce: true,
        succeedsOnAttempt: 2,
        retry: quickRetry,
      });
      const last = await b.step(ctx, "after", () => flaky.v + once.v, { from: [flaky, once] });
      return { flaky, once, last };
    },
  },
  {
    name: "waits",
    handler: (b) => async (_event, ctx) => {
      const before = await b.step(ctx, "before", () => "w");
      // Two waits at once, then one more: the invocation suspends on each.
      await ctx.all([ctx.wait("short", { seconds: 2 }), ctx.wait("long", { seconds: 3 })]);
      const between = await b.step(ctx, "between", () => `${before.v}1`, { atMostOnce: true, retry: quickRetry, from: [before] });
      await ctx.wait("again", { seconds: 4 });
      const after = await b.step(ctx, "after", () => `${between.v}2`, { from: [between] });
      return { before, between, after };
    },
  },
  {
    name: "callbacks",
    handler: (b) => async (_event, ctx) => {
      const { callbackId, result } = await ctx.createCallback<{ answer: string }>("approval");
      const sent = await b.step(ctx, "send-link", () => callbackId.length > 0, { atMostOnce: true, retry: quickRetry });
      const approval = await result;
      const submit = b.body("submit", () => "submitted", { find: submitterOf("reply") });
      const reply = await ctx.waitForCallback<{ answer: string }>(
        "reply",
        (_callbackId, stepCtx) => submit(stepCtx),
        { retry: quickRetry },
      );
      const done = await b.step(ctx, "done", () => `${approval.answer}+${reply.answer}`, { yields: 1, from: [sent] });
      return { sent, approval, reply, done };
    },
  },
  {
    name: "map",
    handler: (b) => async (_event, ctx) => {
      const items = [1, 2, 3, 4, 5];
      const batch = await ctx.map(
        "squares",
        items,
        (child, item, index) =>
          b.step(child, `sq${index}`, () => item * item, { yields: index % 2, atMostOnce: index === 2, retry: quickRetry }),
        { maxConcurrency: 2 },
      );
      const sum = await b.step(ctx, "sum", () => batch.results().reduce((total, r) => total + r.v, 0), { from: batch.results() });
      return { items: batch.all.map((item) => [item.index, item.status, item.result]), reason: batch.completionReason, sum };
    },
  },
  {
    name: "nested",
    handler: (b) => async (_event, ctx) => {
      const first = await b.step(ctx, "first", () => 2);
      const outer = await ctx.runInChildContext("outer", async (child) => {
        const o1 = await b.step(child, "o1", () => first.v + 1, { atMostOnce: true, retry: quickRetry, from: [first] });
        const inner = await child.runInChildContext("inner", async (grandchild) => {
          const i1 = await b.step(grandchild, "i1", () => o1.v * 3, { yields: 1, from: [o1] });
          await grandchild.wait("inner-pause", { seconds: 2 });
          const i2 = await b.step(grandchild, "i2", () => i1.v + 4, { atMostOnce: true, retry: quickRetry, from: [i1] });
          return { i1, i2 };
        });
        const o2 = await b.step(child, "o2", () => inner.i2.v * 2, { from: [inner.i2] });
        return { o1, inner, o2 };
      });
      const last = await b.step(ctx, "last", () => outer.o2.v + 1, { from: [outer.o2] });
      return { first, outer, last };
    },
  },
  {
    name: "parallel",
    handler: (b) => async (_event, ctx) => {
      // Two quick branches succeed while the slow one waits: the batch completes on
      // minSuccessful, whatever became of the failing branch by then.
      const batch = await ctx.parallel(
        "checks",
        [
          (child) => b.step(child, "p0", () => "credit"),
          (child) => b.step(child, "p1", () => "fraud", { atMostOnce: true, yields: 1, retry: quickRetry }),
          async (child) => {
            await child.wait("slow-pause", { seconds: 30 });
            return b.step(child, "p2", () => "slow");
          },
          (child) => b.step(child, "p3", () => "never", { succeedsOnAttempt: 99, retry: Retry.presets.noRetry }),
        ],
        { completion: { minSuccessful: 2, toleratedFailureCount: 1 } },
      );
      const after = await b.step(ctx, "after", () => batch.successCount, { from: batch.results() });
      return { reason: batch.completionReason, succeeded: batch.succeeded().map((item) => [item.index, item.result]), after };
    },
  },
  {
    name: "race",
    handler: (b) => async (_event, ctx) => {
      const winner = await ctx.race("first-answer", [
        ctx.runInChildContext("slow-path", async (child) => {
          await child.wait("slow-wait", { seconds: 10 });
          return b.step(child, "slow", () => "slow");
        }),
        ctx.runInChildContext("fast-path", (child) => b.step(child, "fast", () => "fast", { yields: 1 })),
      ]);
      const timed = await ctx.race("step-or-timeout", [
        b.step(ctx, "quick", () => "quick", { atMostOnce: true, retry: quickRetry }),
        ctx.wait("timeout", { seconds: 60 }),
      ]);
      const after = await b.step(ctx, "after", () => `${winner.v}/${timed?.v}`, { from: timed ? [winner, timed] : [winner] });
      return { winner, timed, after };
    },
  },
  {
    name: "condition",
    handler: (b) => async (_event, ctx) => {
      const start = await b.step(ctx, "start", () => 1, { atMostOnce: true, retry: quickRetry });
      // Three checks, a second apart: each is a RETRY with the state, then a suspension.
      const polled = await ctx.waitForCondition("poll", b.check("poll", (state: number) => state + 1), {
        initialState: start.v,
        waitStrategy: (state) => (state >= 4 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 1 } }),
      });
      const after = await b.step(ctx, "after", () => polled * 10, { from: [start] });
      return { start, polled, after };
    },
  },
  {
    name: "race-steps",
    handler: (b) => async (_event, ctx) => {
      // Both steps run; the quicker wins and the other runs on to its own outcome.
      const winner = await ctx.race("quicker", [
        b.step(ctx, "slow-step", () => "slow", { yields: 3, atMostOnce: true, retry: quickRetry }),
        b.step(ctx, "quick-step", () => "quick"),
      ]);
      // A wait cancelled early: the CANCEL must not reach a wait the service already ended.
      const long = ctx.wait("long", { hours: 1 });
      const waiting = long.then(() => "over");
      const marker = await b.step(ctx, "before-cancel", () => winner.v, { from: [winner] });
      await ctx.cancelWait(long);
      const ended = await waiting;
      const after = await b.step(ctx, "after", () => `${marker.v}/${ended}`, { from: [marker] });
      return { winner, marker, ended, after };
    },
  },
  {
    name: "map-failures",
    handler: (b) => async (_event, ctx) => {
      // Items 1 and 4 fail for good; two failures are tolerated, so every item runs.
      const batch = await ctx.map(
        "tolerant",
        [0, 1, 2, 3, 4, 5],
        (child, item) =>
          b.step(child, `t${item}`, () => item * 3, {
            atMostOnce: item % 2 === 1,
            yields: item % 3,
            succeedsOnAttempt: item === 1 || item === 4 ? 99 : 1,
            retry: item === 1 || item === 4 ? Retry.presets.noRetry : quickRetry,
          }),
        { maxConcurrency: 3, completion: { toleratedFailureCount: 2 } },
      );
      const after = await b.step(ctx, "after", () => batch.successCount, { from: batch.results() });
      return {
        // Not the failures' messages: an at-most-once attempt a crash interrupted fails
        // with StepInterruptedError instead (its documented outcome under noRetry).
        items: batch.all.map((item) => [item.index, item.status, item.result]),
        reason: batch.completionReason,
        after,
      };
    },
  },
  {
    // On a real clock: the wait comes due while the slow step still runs, so the live
    // invocation learns of it from a refresh checkpoint (Updates: []), not a new invocation.
    name: "refresh",
    clock: "real",
    handler: (b) => async (_event, ctx) => {
      const [, slow] = await ctx.all([
        ctx.wait("short", { seconds: 1 }),
        b.step(ctx, "slow", () => "slow", { sleepMs: 1_400, atMostOnce: true, retry: quickRetry }),
      ]);
      const after = await b.step(ctx, "after", () => `${slow.v}!`, { from: [slow] });
      return { slow, after };
    },
  },
  {
    name: "all-in-one",
    handler: (b) => async (_event, ctx) => {
      const a = await b.step(ctx, "a", () => 1, { atMostOnce: true, retry: quickRetry });
      const batch = await ctx.map("pair", [10, 20], (child, item, index) => b.step(child, `m${index}`, () => item + a.v, { from: [a] }), {
        maxConcurrency: 1,
        completion: CompletionConfig.allCompleted(),
      });
      const { result } = await ctx.createCallback<{ answer: string }>("go");
      const [go] = await ctx.all([result, ctx.wait("beat", { seconds: 1 })]);
      const z = await b.step(ctx, "z", () => batch.results().map((r) => r.v).join(","), {
        succeedsOnAttempt: 2,
        retry: quickRetry,
        from: batch.results(),
      });
      return { a, items: batch.results(), go, z };
    },
  },
];

export const workflowNamed = (name: string): CrashWorkflow => {
  const found = WORKFLOWS.find((workflow) => workflow.name === name);
  if (!found) throw new Error(`no crash workflow named ${name}`);
  return found;
};
