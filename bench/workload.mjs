// One configuration in a fresh process (forked by run.mjs with --expose-gc; argv[2] is
// the configuration as JSON, as matrix.mjs builds it): the workload's warm-up, then `minReps` repetitions, then
// more until `reps` ran or `budgetMs` is spent. The figures go back to the parent over
// IPC: `{ ok: true, runs, memory?, bundle? }`, `{ ok: false, error }` or `{ skipped }`.
import { MemorySampler } from "./memory.mjs";
import { Skip } from "./skip.mjs";
import { loadSubject } from "./subjects.mjs";

const config = JSON.parse(process.argv[2]);
const gc = globalThis.gc ?? (() => {});
const WORKLOADS = {
  W1: "./w1-fresh.mjs",
  W2: "./w2-replay.mjs",
  W3: "./w3-map.mjs",
  W4: "./w4-suspend.mjs",
  W5: "./w5-cold-start.mjs",
  W6: "./w6-service.mjs",
};

/** Runs `once` until `reps` runs (counting `done` already made) or the budget is spent. */
async function repeat(once, done = 0) {
  const runs = [];
  const started = performance.now();
  while (done + runs.length < config.reps && (done + runs.length < config.minReps || performance.now() - started < config.budgetMs)) {
    gc();
    runs.push(await once());
  }
  return runs;
}

/**
 * The first run in the fresh process, with memory: heap after gc() before it (the
 * workload's inputs already built), then peak heap and RSS while it runs. Peak heap
 * depends on when V8 collects: read it as an order of magnitude.
 */
async function firstRun(once) {
  gc();
  const baselineHeap = process.memoryUsage().heapUsed;
  const sampler = new MemorySampler().start();
  const first = await once(sampler);
  return { first, memory: { baselineHeap, ...sampler.stop() } };
}

// A workload's own timers (the 1 ms sampler) must not keep a finished child alive. Run
// by hand (no IPC channel, e.g. under `node --cpu-prof`), it prints the figures instead.
function answer(message, code) {
  if (process.send) return process.send(message, () => process.exit(code));
  console.log(JSON.stringify(message, null, 2));
  process.exit(code);
}
try {
  const subject = await loadSubject(config.sdk);
  const { measure } = await import(WORKLOADS[config.workload]);
  answer({ ok: true, ...(await measure(subject, config, { repeat, firstRun })) }, 0);
} catch (error) {
  if (error instanceof Skip) answer({ ok: false, skipped: error.message }, 0);
  else answer({ ok: false, error: String(error?.stack ?? error) }, 1);
}
