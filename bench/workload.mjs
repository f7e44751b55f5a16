// One configuration in a fresh process (forked by run.mjs with --expose-gc; argv[2] is
// the configuration as JSON): a warm-up, then `minReps` repetitions, then more until
// `reps` ran or `budgetMs` is spent. The figures go back to the parent over IPC.
import { runFresh } from "./w1-fresh.mjs";
import { history, MemorySampler, runReplay } from "./w2-replay.mjs";

const config = JSON.parse(process.argv[2]);
const gc = globalThis.gc ?? (() => {});

async function fresh() {
  // A short warm-up: JIT and the lazily imported AWS SDK, not the full N again.
  await runFresh(config, Math.min(config.n, 100));
  return repeat(() => runFresh(config));
}

async function replay() {
  // The paged variant imports @aws-sdk/client-lambda on its first request; load it
  // first so every variant's memory figure measures the replay, not module loading.
  await import("@aws-sdk/client-lambda");
  const operations = history(config.n);
  gc();
  const baselineHeap = process.memoryUsage().heapUsed;
  const sampler = new MemorySampler();
  // Memory comes from the first run in a fresh process; that run is also the warm-up.
  const first = await runReplay(config, operations, sampler);
  const memory = { baselineHeap, peakHeap: sampler.heap, peakRss: sampler.rss, firstWallMs: first.wallMs };
  return { memory, runs: await repeat(() => runReplay(config, operations)) };
}

async function repeat(once) {
  const runs = [];
  const started = performance.now();
  while (runs.length < config.reps && (runs.length < config.minReps || performance.now() - started < config.budgetMs)) {
    gc();
    runs.push(await once());
  }
  return runs;
}

try {
  const figures = config.workload === "W1" ? { runs: await fresh() } : await replay();
  process.send({ ok: true, ...figures }, () => process.exit(0));
} catch (error) {
  process.send({ ok: false, error: String(error?.stack ?? error) }, () => process.exit(1));
}
