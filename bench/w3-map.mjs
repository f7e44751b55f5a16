// W3: fan-out. `map` over 1000 items, at most 50 at a time, one trivial step per item,
// from start to end on the in-process engine. durable-rx once per checkpoint mode.
import { checkpointStats, inProcessService, runTimed } from "./in-process.mjs";
import { noSampler } from "./memory.mjs";
import { Skip } from "./skip.mjs";

const ITEMS = 1000;
const MAX_CONCURRENCY = 50;

function fanOut(subject, probe, sampler) {
  return async (_event, ctx) => {
    probe.hasMap = typeof ctx.map === "function";
    if (!probe.hasMap) return 0;
    const items = Array.from({ length: ITEMS }, (_, i) => i);
    const batch = await ctx.map(
      "items",
      items,
      (child, item) =>
        child.step(() => {
          sampler.every(item);
          return item;
        }),
      { maxConcurrency: MAX_CONCURRENCY },
    );
    return subject.batchResults(batch).reduce((sum, value) => sum + value, 0);
  };
}

export async function runMap(subject, config, sampler = noSampler) {
  const env = inProcessService(config);
  const probe = { hasMap: undefined };
  const handler = subject.wrap(fanOut(subject, probe, sampler), { client: env.client, mode: config.mode });
  const { run, invocationsMs } = await runTimed(handler, env);
  if (probe.hasMap === false) throw new Skip(`${subject.sdk} has no ctx.map in dist yet (src/operations/batch): run \`npm run build\` once it lands`);
  const expected = String((ITEMS * (ITEMS - 1)) / 2);
  if (run.status !== "SUCCEEDED" || run.result !== expected) {
    throw new Error(`W3 ${subject.sdk} ${config.mode ?? ""}: ${run.status} after ${run.invocations.length} invocation(s), result ${run.result}, expected ${expected}${run.error ? `: ${JSON.stringify(run.error).slice(0, 300)}` : ""}`);
  }
  const wallMs = invocationsMs.reduce((sum, ms) => sum + ms, 0);
  return { wallMs, invocations: run.invocations.length, serviceMs: env.service.ms, ...checkpointStats(env.client) };
}

/** The first run is the warm-up and gives the memory figures; it is not counted. */
export async function measure(subject, config, { repeat, firstRun }) {
  const { memory } = await firstRun((sampler) => runMap(subject, config, sampler));
  return { memory, runs: await repeat(() => runMap(subject, config)) };
}
