import test, { type ExecutionContext } from "ava";
import type { CheckpointMode } from "../../src/index.js";
import type { StoredOperation } from "../../src/local/engine/index.js";
import { runWithCrash, type CrashPoint, type CrashRun } from "./harness.js";
import { STEP_NAMES } from "./workflow.js";

/**
 * Crash at every checkpoint request of the crash-free run, in every mode: before the
 * request (nothing applied) and after it (applied, response lost), with the fault on the
 * first delivery only (the SDK's resend gets through) or on every resend (the invocation
 * dies and the runner re-invokes it, as Lambda would). Each point is its own test; they
 * run concurrently, so the SDK's real resend back-off (0.1 + 0.2 + 0.4 s) overlaps.
 */
const MODES: CheckpointMode[] = ["eager", "batched", "optimistic"];
const baselines = new Map<CheckpointMode, CrashRun>();
for (const mode of MODES) baselines.set(mode, await runWithCrash(mode));

const outcomeOf = (op: StoredOperation | undefined) =>
  op && { Status: op.Status, Step: op.StepDetails?.Result, Context: op.ContextDetails?.Result };

function assertRecovered(t: ExecutionContext, baseline: CrashRun, crashed: CrashRun, point: CrashPoint): void {
  t.true(crashed.crashed, "the crash point was reached");
  t.is(crashed.run.status, "SUCCEEDED", JSON.stringify(crashed.run.error));
  t.deepEqual(JSON.parse(crashed.run.result!), JSON.parse(baseline.run.result!), "same result as the crash-free run");

  const final = new Map(crashed.record.operations.map((entry) => [entry.op.Id, entry.op]));
  const steps = [...final.values()].filter((op) => op.Type === "STEP");
  t.deepEqual(steps.map((op) => op.Name).sort(), [...STEP_NAMES].sort());
  for (const op of steps) t.is(op.Status, "SUCCEEDED", `step ${op.Name}`);

  const perAttempt = new Map<string, number>();
  for (const run of crashed.log.runs.filter((r) => r.atMostOnce)) {
    const key = `${run.name} attempt ${run.attempt}`;
    perAttempt.set(key, (perAttempt.get(key) ?? 0) + 1);
  }
  for (const [key, count] of perAttempt) t.is(count, 1, `at-most-once body ${key} ran ${count} times`);

  for (const [id, op] of crashed.everSucceeded) {
    t.deepEqual(outcomeOf(final.get(id)), outcomeOf(op), `${op.Type} ${op.Name} was SUCCEEDED in the engine and must stay so`);
  }
  const doneAtCrash = new Set([...crashed.succeededAtCrash.values()].map((op) => op.Name));
  const rerun = crashed.log.runs.slice(crashed.runsBeforeCrash).filter((run) => doneAtCrash.has(run.name));
  t.deepEqual(rerun, [], "no body of a step the engine held as SUCCEEDED ran again");

  const threw = crashed.run.invocations.filter((invocation) => "thrown" in invocation).length;
  t.is(threw, point.faults === "every" ? 1 : 0, "a fault on every resend kills one invocation; a single fault is resent");
  t.false(crashed.missingClientToken);
}

for (const mode of MODES) {
  const baseline = baselines.get(mode)!;

  test(`${mode}: the crash-free run, ${baseline.requests} checkpoint requests (crash points)`, (t) => {
    t.is(baseline.run.status, "SUCCEEDED");
    t.deepEqual(JSON.parse(baseline.run.result!), { a: 1, b: 10, c: { c1: 11, c2: 22 }, d: 33 });
    t.deepEqual(
      baseline.run.invocations.map((i) => ("status" in i ? i.status : "THREW")),
      ["PENDING", "SUCCEEDED"],
    );
    t.deepEqual(baseline.log.runs.map((r) => `${r.name}#${r.attempt}`), ["a#1", "b#1", "c1#1", "c2#1", "d#1"]);
    t.false(baseline.missingClientToken);
    t.true(baseline.requests >= 5, "at least one request per step");
  });

  for (let k = 0; k < baseline.requests; k++) {
    for (const phase of ["before", "after"] as const) {
      for (const faults of ["once", "every"] as const) {
        const point: CrashPoint = { k, phase, faults };
        test(`${mode}: crash ${phase} checkpoint request ${k} (fault ${faults === "once" ? "on the first delivery" : "on every resend"})`, async (t) => {
          assertRecovered(t, baseline, await runWithCrash(mode, point), point);
        });
      }
    }
  }
}
