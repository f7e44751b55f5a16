import test from "ava";
import type { CheckpointMode } from "../../src/index.js";
import { CHECKPOINT_FAULT_KINDS, type CheckpointFaultKind } from "../../src/local/checkpoint-faults.js";
import { crashRun, type CrashRun } from "../crash/crash-run.js";
import { MODES } from "../crash/crash-space.js";
import { violations } from "../crash/invariants.js";
import { workflowNamed, WORKFLOWS, type CrashWorkflow } from "../crash/workflows.js";
import { faultViolations } from "./fault-checks.js";
import { deliveriesOf, faultRun, type FaultRun, type FaultSettings } from "./fault-run.js";

/**
 * Checkpoint API faults injected by the local service (its `faults` option) into every
 * workflow of the crash sweep, in every checkpoint mode: each run must end as the
 * fault-free run does, lose and repeat nothing (the crash sweep's checks), and handle
 * each fault as PROTOCOL.md §8 classifies it (fault-checks.ts). `npm run test:sweep`
 * (SWEEP=full) runs more seeds at three rates; SWEEP_SEED shifts the seeds.
 */
const FULL = process.env.SWEEP === "full";
const SEED = Number(process.env.SWEEP_SEED ?? 8);
const RATES = FULL ? [0.1, 0.3, 0.5] : [0.3];
const SEEDS_PER_RATE = FULL ? 10 : 2;
/** Runs per case with state in pages of 2 operations and its reads faulted too. */
const PAGED_SEEDS = FULL ? 10 : 1;

const hash = (text: string): number => [...text].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, SEED);

const injected = new Map<CheckpointFaultKind, number>();
const totals = { runs: 0, deliveries: 0, reads: 0, thrown: 0, cachedAnswers: 0 };

/** The fault-free run of each workflow and mode, computed once. */
const baselines = new Map<string, Promise<CrashRun>>();
const baselineOf = (workflow: CrashWorkflow, mode: CheckpointMode): Promise<CrashRun> => {
  const key = `${workflow.name}/${mode}`;
  if (!baselines.has(key)) baselines.set(key, crashRun(workflow, mode));
  return baselines.get(key)!;
};

/** Runs with faults and returns every violation found; counts what was injected. */
async function runChecked(workflow: CrashWorkflow, mode: CheckpointMode, settings: FaultSettings): Promise<{ run: FaultRun; found: string[] }> {
  const baseline = await baselineOf(workflow, mode);
  const run = await faultRun(workflow, mode, settings);
  totals.runs += 1;
  totals.deliveries += run.deliveries.filter((d) => d.command === "checkpoint").length;
  totals.reads += run.deliveries.filter((d) => d.command === "read").length;
  totals.thrown += run.execution.invocations.filter((invocation) => invocation.outcome === "THREW").length;
  totals.cachedAnswers += run.engineCalls.filter((call) => call.result === "cached").length;
  for (const fault of run.faults) injected.set(fault.kind, (injected.get(fault.kind) ?? 0) + 1);
  const where =
    `rate ${settings.rate}, seed ${settings.seed}${settings.kinds ? `, ${settings.kinds.join("+")} only` : ""}` +
    `${settings.reads ? `, reads faulted, pages of ${settings.pageSize}` : ""}`;
  return { run, found: [...violations(baseline, run), ...faultViolations(run)].map((v) => `${where}: ${v}`) };
}

for (const workflow of WORKFLOWS) {
  for (const mode of MODES) {
    test(`${workflow.name}, ${mode}: finishes correctly through every kind of checkpoint fault`, async (t) => {
      t.timeout(FULL ? 20 * 60_000 : 60_000);
      const found: string[] = [];
      let faults = 0;
      const settings: FaultSettings[] = [];
      for (const rate of RATES) {
        for (let n = 0; n < SEEDS_PER_RATE; n++) settings.push({ rate, seed: hash(`${workflow.name}/${mode}/${rate}/${n}`) });
      }
      for (let n = 0; n < PAGED_SEEDS; n++) {
        settings.push({ rate: 0.3, seed: hash(`${workflow.name}/${mode}/paged/${n}`), reads: true, pageSize: 2 });
      }
      for (const setting of settings) {
        const { run, found: more } = await runChecked(workflow, mode, setting);
        found.push(...more);
        faults += run.faults.length;
      }
      t.log(`${faults} faults injected over ${settings.length} runs`);
      t.deepEqual(found, [], found.join("\n"));
    });
  }
}

/** What each kind of fault must have made visibly happen, beyond the general checks. */
const signature: Record<CheckpointFaultKind, (run: FaultRun) => boolean> = {
  // The same request went out again (same ClientToken), and the run went on.
  throttled: (run) => run.deliveries.some((_, i) => deliveriesOf(run.deliveries, i) > 1),
  "server-error": (run) => run.deliveries.some((_, i) => deliveriesOf(run.deliveries, i) > 1),
  timeout: (run) => run.deliveries.some((_, i) => deliveriesOf(run.deliveries, i) > 1),
  // The resend found the request applied and got its first answer.
  "lost-response": (run) => run.engineCalls.some((call) => call.result === "cached"),
  // The invocation threw; the service invoked the execution again.
  "stale-token": (run) =>
    run.execution.invocations.some((invocation) => invocation.outcome === "THREW" && /Invalid Checkpoint Token/i.test(invocation.error?.ErrorMessage ?? "")),
  duplicate: (run) => run.engineCalls.some((call) => call.result === "cached"),
};

for (const kind of CHECKPOINT_FAULT_KINDS) {
  for (const mode of MODES) {
    test(`${kind} alone, ${mode}: handled as PROTOCOL.md §8 classifies it`, async (t) => {
      const workflow = workflowNamed("all-in-one");
      const { run, found } = await runChecked(workflow, mode, { rate: 0.4, seed: hash(`${kind}/${mode}`), kinds: [kind] });
      t.deepEqual(found, [], found.join("\n"));
      t.true(run.faults.length > 0, "the seed injects at least one fault");
      t.true(run.faults.every((fault) => fault.kind === kind));
      t.true(signature[kind](run), `the effect of ${kind} shows`);
    });
  }
}

test("a read paging in a checkpoint's answer fails: the checkpoint is sent again and paged again", async (t) => {
  const found: string[] = [];
  let pagingFaults = 0;
  for (const mode of MODES) {
    const settings = { rate: 0.4, seed: hash(`paging/${mode}`), kinds: ["throttled", "stale-token"] as CheckpointFaultKind[], reads: true, pageSize: 1 };
    const { run, found: more } = await runChecked(workflowNamed("nested"), mode, settings);
    found.push(...more);
    pagingFaults += run.deliveries.filter((d) => d.command === "read" && d.fault && d.clientToken !== undefined).length;
  }
  t.deepEqual(found, [], found.join("\n"));
  t.true(pagingFaults > 0, "some read failed while paging a checkpoint's answer");
});

test("a timeout that hangs before the client gives up is resent like the others", async (t) => {
  const { run, found } = await runChecked(workflowNamed("sequential"), "eager", { rate: 0.5, seed: hash("hang"), kinds: ["timeout"], timeoutMs: 20 });
  t.deepEqual(found, [], found.join("\n"));
  t.true(run.faults.length > 0);
});

test.after("fault totals", () => {
  const byKind = CHECKPOINT_FAULT_KINDS.map((kind) => `${kind} ${injected.get(kind) ?? 0}`).join(", ");
  const faults = [...injected.values()].reduce((a, b) => a + b, 0);
  console.log(
    `checkpoint faults (${FULL ? "full" : `sample, seed ${SEED}`}): ${totals.runs} runs, ${totals.deliveries} checkpoint deliveries ` +
      `and ${totals.reads} state reads, ` +
      `${faults} faults injected (${byKind}); ${totals.thrown} invocations ended thrown and were retried; ` +
      `${totals.cachedAnswers} deliveries answered from the ClientToken cache`,
  );
});
