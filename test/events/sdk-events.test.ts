import test from "ava";
import { Subject } from "rxjs";
import { durable, DurableError, Retry, ValidationError, type DurableEvent } from "../../src/index.js";
import { historyOf, invocationEvent, succeededStep } from "../../src/testing/history-builders.js";
import { quiet, runLive } from "../helpers/live.js";

/**
 * The SDK's events: what each invocation emits and in which order, replayed operations
 * tagged, and the handler-level `events` option that forwards them.
 */

const row = (e: DurableEvent) => [e.type, e.name ?? (typeof e.detail === "string" ? e.detail : undefined), e.replay] as const;
const withoutFlushes = (events: DurableEvent[]) => events.filter((e) => e.type !== "checkpoint.flushed");

/** A workflow with a retried step, a wait and a step after it: three invocations on the engine. */
async function retryAndWait(mode?: "eager" | "batched" | "optimistic") {
  const events: DurableEvent[] = [];
  const live = await runLive(
    async (_event, ctx) => {
      await ctx.step("validate", () => "ok");
      await ctx.step(
        "charge",
        ({ attempt }) => {
          if (attempt === 1) throw new Error("gateway busy");
          return "charged";
        },
        { retry: Retry.fixed({ maxAttempts: 3, delay: { seconds: 5 } }) },
      );
      await ctx.wait("settle", { seconds: 30 });
      return ctx.step("ship", () => "shipped");
    },
    { mode, config: { events: (event) => events.push(event) } },
  );
  return { events, live };
}

test("each invocation's events in order: started, operations live or replayed, retrying, pending, the end", async (t) => {
  const { events, live } = await retryAndWait();
  t.deepEqual(live.invocations, ["PENDING", "PENDING", "SUCCEEDED"]);
  t.deepEqual(withoutFlushes(events).map(row), [
    ["invocation.started", undefined, false],
    ["operation.started", "validate", false],
    ["operation.succeeded", "validate", false],
    ["operation.started", "charge", false],
    ["operation.retrying", "charge", false],
    ["operation.pending", "charge", false],
    ["invocation.suspended", "PENDING", false],

    ["invocation.started", undefined, false],
    ["operation.replayed", "validate", true],
    ["operation.started", "charge", false],
    ["operation.succeeded", "charge", false],
    ["operation.started", "settle", false],
    ["operation.pending", "settle", false],
    ["invocation.suspended", "PENDING", false],

    ["invocation.started", undefined, false],
    ["operation.replayed", "validate", true],
    ["operation.replayed", "charge", true],
    ["operation.replayed", "settle", true],
    ["operation.started", "ship", false],
    ["operation.succeeded", "ship", false],
    ["invocation.completed", "SUCCEEDED", false],
  ]);
});

test("what the events carry: attempts, the retry's error and delay, when a pending operation is due, durations", async (t) => {
  const { events } = await retryAndWait();
  const retrying = events.find((e) => e.type === "operation.retrying")!;
  t.like(retrying, { operationType: "STEP", subType: "Step", attempt: 1, error: { name: "Error", message: "gateway busy" }, detail: { delaySeconds: 5 } });
  const [retryPending, waitPending] = events.filter((e) => e.type === "operation.pending");
  t.is(retryPending.operationId, retrying.operationId);
  t.is(typeof (retryPending.detail as { until: number }).until, "number");
  t.like(waitPending, { name: "settle", operationType: "WAIT" });
  t.is(typeof (waitPending.detail as { until: number }).until, "number");
  const succeeded = events.filter((e) => e.type === "operation.succeeded");
  t.true(succeeded.every((e) => typeof e.durationMs === "number" && e.durationMs >= 0));
  t.true(events.filter((e) => e.type.startsWith("invocation.") && e.type !== "invocation.started").every((e) => typeof e.durationMs === "number"));
  const started = events.filter((e) => e.type === "invocation.started");
  t.deepEqual(started.map((e) => (e.detail as { operations: number }).operations), [1, 3, 4]);
  // Every acknowledged request is one checkpoint.flushed, counting its updates.
  const flushed = events.filter((e) => e.type === "checkpoint.flushed");
  t.true(flushed.length >= 5);
  t.true(flushed.every((e) => typeof e.detail === "number" && e.detail >= 0 && e.replay === false));
  t.true(events.every((e, i) => i === 0 || e.at >= events[i - 1].at), "timestamps never go back");
});

test("the order is the same in every checkpoint mode", async (t) => {
  const eager = await retryAndWait("eager");
  for (const mode of ["batched", "optimistic"] as const) {
    const other = await retryAndWait(mode);
    t.deepEqual(withoutFlushes(other.events).map(row), withoutFlushes(eager.events).map(row), mode);
  }
});

test("a replayed failure is tagged replay and carries its error; a live one its error too", async (t) => {
  const events: DurableEvent[] = [];
  await runLive(
    async (_event, ctx) => {
      let outcome = "none";
      try {
        await ctx.step("flaky", () => Promise.reject(new TypeError("no such order")), { retry: Retry.presets.noRetry });
      } catch (error) {
        outcome = (error as Error).name;
      }
      await ctx.wait("pause", { seconds: 1 });
      return outcome;
    },
    { config: { events: (event) => events.push(event) } },
  );
  const failures = events.filter((e) => e.name === "flaky" && (e.type === "operation.failed" || e.type === "operation.replayed"));
  t.deepEqual(
    failures.map((e) => [e.type, e.replay, e.error?.name]),
    [
      ["operation.failed", false, "StepError"],
      ["operation.replayed", true, "StepError"],
    ],
  );
  t.is(failures[1].error?.message, failures[0].error?.message);
});

test("ctx.events$ gives invocation.started first to a subscriber that comes later, and completes at the end", async (t) => {
  const seen: string[] = [];
  let completed = false;
  await runLive(async (_event, ctx) => {
    await ctx.step("first", () => 1);
    ctx.events$.subscribe({ next: (e) => seen.push(e.type), complete: () => (completed = true) });
    return ctx.step("second", () => 2);
  });
  t.deepEqual(withoutFlushes(seen.map((type) => ({ type }) as DurableEvent)).map((e) => e.type), [
    "invocation.started",
    "operation.started",
    "operation.succeeded",
    "invocation.completed",
  ]);
  t.true(completed);
});

test("a thrown invocation ends with invocation.completed carrying THREW and the error", async (t) => {
  const events: DurableEvent[] = [];
  let crashes = 0;
  const live = await runLive(
    async (_event, ctx) => {
      await ctx.step("a", () => 1);
      if (crashes++ === 0) throw DurableError.invocation("the database went away");
      return "ok";
    },
    { config: { events: (event) => events.push(event) } },
  );
  t.deepEqual(live.invocations, ["THREW", "SUCCEEDED"]);
  const ends = events.filter((e) => e.type === "invocation.completed");
  t.deepEqual(ends.map((e) => e.detail), ["THREW", "SUCCEEDED"]);
  t.like(ends[0], { error: { message: "the database went away" } });
});

test("a FAILED invocation's end carries the execution's error", async (t) => {
  const events: DurableEvent[] = [];
  await runLive(
    async () => {
      throw new RangeError("out of stock");
    },
    { config: { events: (event) => events.push(event) } },
  );
  t.like(events.at(-1), { type: "invocation.completed", detail: "FAILED", error: { name: "RangeError", message: "out of stock" } });
});

test("events: a Subject hears every invocation and is never completed (it may serve the next one)", async (t) => {
  const subject = new Subject<DurableEvent>();
  const types: string[] = [];
  let completed = false;
  subject.subscribe({ next: (e) => types.push(e.type), complete: () => (completed = true) });
  await runLive(
    async (_event, ctx) => {
      await ctx.wait("w", { seconds: 1 });
      return 1;
    },
    { config: { events: subject } },
  );
  t.false(completed);
  t.deepEqual(types.filter((type) => type.startsWith("invocation.")), ["invocation.started", "invocation.suspended", "invocation.started", "invocation.completed"]);
});

test("events: an observer that throws is reported and the execution carries on", async (t) => {
  const warnings: string[] = [];
  const live = await runLive(async (_event, ctx) => ctx.step("a", () => "fine"), {
    config: {
      logger: { ...quiet, warn: (line: string) => warnings.push(line) },
      events: {
        next() {
          throw new Error("dashboard down");
        },
      },
    },
  });
  t.is(live.result, "fine");
  t.true(warnings.length > 0);
  t.like(JSON.parse(warnings[0]), { level: "WARN", error: { errorMessage: "dashboard down" } });
});

test('events: "log" writes one JSON line per event through the handler\'s logger, replayed ones included', async (t) => {
  const lines: { level: string; line: any }[] = [];
  const sink = Object.fromEntries(
    (["debug", "info", "warn", "error"] as const).map((level) => [level, (text: string) => lines.push({ level, line: JSON.parse(text) })]),
  ) as unknown as typeof quiet;
  const events: DurableEvent[] = [];
  const handler = durable(
    async (_event, ctx) => {
      ctx.events$.subscribe((e) => events.push(e));
      await ctx.step("old", () => 0);
      return ctx.step("new", () => 1);
    },
    { client: { send: async () => ({}) }, logger: sink, events: "log", dev: false },
  );
  await handler(invocationEvent(historyOf(succeededStep("1", 0, { name: "old" }))), { awsRequestId: "req-7" });
  t.is(lines.length, events.length, "one line per event");
  t.deepEqual(
    lines.map(({ level, line }) => [level, line.message, line.isReplay]),
    events.map((e) => [
      e.type === "operation.replayed" || e.type === "checkpoint.flushed" ? "debug" : "info",
      e.type.startsWith("operation.") ? `step ${JSON.stringify(e.name)} ${e.type.slice(10)}` : e.type,
      e.replay,
    ]),
  );
  t.like(lines[1].line, { level: "DEBUG", message: 'step "old" replayed', requestId: "req-7", isReplay: true, event: { type: "operation.replayed", name: "old" } });
  t.true(lines.every(({ line }) => line.executionArn === events[0].executionArn));
});

test("events: anything but \"log\", a function or an Observer is refused when the handler is made", (t) => {
  t.throws(() => durable(async () => 1, { events: 42 as never }), { instanceOf: ValidationError, message: /events/ });
  t.throws(() => durable(async () => 1, { events: "console" as never }), { instanceOf: ValidationError });
  t.notThrows(() => durable(async () => 1, { events: {} }));
});
