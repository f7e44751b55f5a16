import test from "ava";
import { durable, type DurableConfig, type DurableContext } from "../../src/index.js";
import { runToCompletion } from "../../src/local/in-process-runner.js";
import { assertReplays, ReplayCheckError, replayCheck } from "../../src/testing/replay-check.js";
import { historyFromEngine } from "../../src/testing/history-file.js";
import type { RecordedHistory } from "../../src/testing/recorded-history.js";
import { historyOf, startedContext, startedWait, succeededStep } from "../../src/testing/history-builders.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const config: DurableConfig = { logger: quiet, dev: false };

/** The order workflow, with the parts a variant may change. */
interface Variant {
  chargeName?: string;
  extraStepBeforeCharge?: boolean;
  waitInsteadOfCharge?: boolean;
  skipWait?: boolean;
  skipShip?: boolean;
  extraStepInShip?: boolean;
}

function order(variant: Variant = {}, counters = { bodies: 0 }) {
  return durable(async (_event: unknown, ctx: DurableContext) => {
    const total = await ctx.step("validate", () => (counters.bodies++, 42));
    if (variant.extraStepBeforeCharge) await ctx.step("audit", () => (counters.bodies++, "audited"));
    const paymentId = variant.waitInsteadOfCharge
      ? (await ctx.wait("charge", { seconds: 1 }), "none")
      : await ctx.step(variant.chargeName ?? "charge", () => (counters.bodies++, "pay-1"));
    if (!variant.skipWait) await ctx.wait("cool-off", { hours: 1 });
    if (variant.skipShip) return { total, paymentId };
    const tracking = await ctx.runInChildContext("ship", async (shipping) => {
      const label = await shipping.step("label", () => (counters.bodies++, "L-1"));
      if (variant.extraStepInShip) await shipping.step("insure", () => (counters.bodies++, "I"));
      return shipping.step("hand-over", () => (counters.bodies++, `${label}/T`));
    });
    return { total, paymentId, tracking };
  }, config);
}

let recorded: RecordedHistory;
test.before(async () => {
  const run = await runToCompletion(order() as never, { input: { id: "o-1" } });
  recorded = historyFromEngine(run.engine, run.arn);
});

test("the code that recorded a history replays it: every recorded invocation's end, then the end", async (t) => {
  const counters = { bodies: 0 };
  const result = await replayCheck(order({}, counters), recorded);
  t.true(result.ok, result.format());
  t.deepEqual(
    result.checked.map((c) => [c.snapshot, c.status]),
    [
      ["after invocation 1 of 2", "RUNNING"],
      ["after invocation 2 of 2", "SUCCEEDED"],
    ],
  );
  t.is(counters.bodies, 0, "no step body ran");
  t.regex(result.format(), /replays the history \(2 recorded moments checked\)/);
});

test("a renamed step is a mismatch at its position: what the history holds, what the code asks", async (t) => {
  const result = await replayCheck(order({ chargeName: "authorize" }), recorded);
  t.false(result.ok);
  const mismatches = result.mismatches;
  t.is(mismatches.length, 2, "one per recorded moment");
  t.deepEqual(mismatches, result.findings.filter((f) => f.kind === "mismatch"));
  t.like(mismatches[0], {
    snapshot: "after invocation 1 of 2",
    position: "2",
    operationId: "c81e728d9d4c2f63",
    recorded: { type: "STEP", name: "charge", subType: "Step" },
    code: { type: "STEP", name: "authorize", subType: "Step" },
    fields: ["name"],
  });
  const text = result.format();
  t.regex(text, /- 2 +STEP "charge" \[Step\]/);
  t.regex(text, /\+ 2 +STEP "authorize" \[Step\] +\(name differs; id c81e728d9d4c2f63\)/);
  t.regex(text, /after invocation 1 of 2, after invocation 2 of 2:/, "the same difference is shown once, with the moments it appears in");
});

test("an inserted step shifts the positions: the first difference is where it was inserted", async (t) => {
  const result = await replayCheck(order({ extraStepBeforeCharge: true }), recorded, { moments: "final" });
  t.false(result.ok);
  t.like(result.findings[0], { kind: "mismatch", position: "2", recorded: { name: "charge" }, code: { name: "audit" } });
});

test("a changed type is described in full, and what follows it is not compared", async (t) => {
  const result = await replayCheck(order({ waitInsteadOfCharge: true }), recorded, { moments: "final" });
  t.false(result.ok);
  t.is(result.findings.length, 1);
  t.like(result.findings[0], {
    kind: "mismatch",
    position: "2",
    recorded: { type: "STEP", name: "charge", subType: "Step" },
    code: { type: "WAIT", name: "charge", subType: "Wait" },
    fields: ["type", "subtype"],
  });
  t.regex(result.notes.join("\n"), /operations after 2 were not compared/);
});

test("code that finishes where a recorded execution waits: the waited-for operation is missing", async (t) => {
  const result = await replayCheck(order({ skipWait: true, skipShip: true }), recorded);
  t.false(result.ok);
  const first = result.findings.filter((f) => f.snapshot === "after invocation 1 of 2");
  t.like(first[0], { kind: "outcome", recorded: "RUNNING", replayed: "SUCCEEDED" });
  t.regex((first[0] as { detail: string }).detail, /waits for WAIT "cool-off" \[Wait\] at 3/);
  t.like(first[1], { kind: "missing", position: "3", recorded: { type: "WAIT", name: "cool-off" } });
  const last = result.findings.filter((f) => f.snapshot === "after invocation 2 of 2");
  t.deepEqual(
    last.map((f) => [f.kind, "position" in f ? f.position : undefined]),
    [
      ["missing", "3"],
      ["missing", "4"],
    ],
  );
  t.regex(result.format(), /- 4 +CONTEXT "ship" \[RunInChildContext\] +\(the code no longer creates or subscribes to it/);
});

test("a step added inside a child context that finished replays: the child's function does not run again", async (t) => {
  const result = await replayCheck(order({ extraStepInShip: true }), recorded, { moments: "final" });
  t.true(result.ok, result.format());
});

test("a new operation where the history goes on is reported with the recorded operation it comes before", async (t) => {
  const far = "2036-01-01T00:00:00.000Z";
  const history = historyOf(
    startedContext("1", { name: "branch" }),
    succeededStep("1-1", 1, { name: "a", parent: "1" }),
    startedWait("2", far, { name: "w" }),
  );
  const handler = durable(async (_event, ctx: DurableContext) => {
    const branch = ctx.runInChildContext("branch", async (child) => {
      await child.step("a", () => 1);
      return child.step("b", () => 2); // new in this version
    });
    const wait = ctx.wait("w", { hours: 1 });
    await Promise.all([branch, wait]);
  }, config);
  const result = await replayCheck(handler, history);
  t.like(result.findings[0], {
    kind: "new-operation",
    position: "1-2",
    code: { type: "STEP", name: "b", subType: "Step" },
    before: { type: "WAIT", name: "w", position: "2" },
  });
  t.regex(result.format(), /\+ 1-2 +STEP "b" \[Step\] +\(new: the history has no operation here; created before the recorded WAIT "w" \[Wait\] at 2\)/);
});

test("a step added after the last one of a finished execution is new work the recorded execution never did", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    await ctx.step("validate", () => 42);
    await ctx.step("charge", () => "pay-1");
    await ctx.wait("cool-off", { hours: 1 });
    await ctx.runInChildContext("ship", async () => "L-1/T");
    await ctx.step("notify", () => "sent");
  }, config);
  const result = await replayCheck(handler, recorded);
  const ending = result.findings.filter((f) => f.snapshot === "after invocation 2 of 2");
  t.like(ending[0], { kind: "new-operation", position: "5", code: { name: "notify" } });
  t.regex(result.format(), /created after the recorded execution had finished/);
  // At the end of invocation 1 the execution waits at 3: nothing differs there.
  t.deepEqual(result.findings.filter((f) => f.snapshot === "after invocation 1 of 2"), []);
});

test("code going on past the end of a running history is a note, not a difference (and it is not run)", async (t) => {
  const counters = { bodies: 0 };
  const result = await replayCheck(order({}, counters), historyOf(succeededStep("1", 42, { name: "validate" })));
  t.true(result.ok, result.format());
  t.deepEqual(result.notes, ['as recorded: the code goes on past the recorded history with STEP "charge" [Step] at 2 (not run: a replay check runs no new work)']);
  t.is(counters.bodies, 1, "the new step's body ran once (at-least-once: before its checkpoint), then the check stopped");
});

test("assertReplays throws a ReplayCheckError whose message is the diff", async (t) => {
  const error = await t.throwsAsync(assertReplays(order({ chargeName: "authorize" }), recorded), { instanceOf: ReplayCheckError });
  t.regex(error!.message, /^replayCheck: the code does not replay the history/);
  t.regex(error!.message, /\+ 2 +STEP "authorize"/);
  await t.notThrowsAsync(assertReplays(order(), recorded));
});

test("onNonDeterminism: retry-invocation (the handler throws) is read the same way", async (t) => {
  const handler = durable(async (_event, ctx: DurableContext) => {
    await ctx.step("validate", () => 42);
    await ctx.step("renamed", () => "x");
  }, { ...config, onNonDeterminism: "retry-invocation" });
  const result = await replayCheck(handler, recorded, { moments: "final" });
  t.like(result.findings[0], { kind: "mismatch", position: "2", code: { name: "renamed" } });
});

test("a handler that never answers fails the check with a message instead of hanging it", async (t) => {
  const hangs = durable(async (_event, ctx: DurableContext) => {
    await ctx.step("validate", () => 42);
    await new Promise(() => {}); // awaits something outside durable-rx forever
  }, config);
  const result = await replayCheck(hangs, recorded, { moments: "final", timeoutMs: 100 });
  t.false(result.ok);
  t.like(result.findings[0], { kind: "error" });
  t.regex(result.format(), /error: the handler threw Sandbox\.Timedout: Task timed out after 0\.10 seconds/);
});

test("replayCheck rejects what is not a handler, and a history it cannot read, with what it got", async (t) => {
  await t.throwsAsync(replayCheck(42 as never, recorded), { message: /expected a durable\(\.\.\.\) handler; got number/ });
  await t.throwsAsync(replayCheck(order(), { nothing: true } as never), { message: /expected history events .* got an object with keys nothing/ });
});
