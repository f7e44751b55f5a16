// W1: a fresh execution of N sequential trivial steps, one invocation, on the in-process
// engine. The same handler body for both SDKs; durable-rx once per checkpoint mode.
import { checkpointStats, inProcessService, runTimed } from "./in-process.mjs";
import { noSampler } from "./memory.mjs";

export function sequentialSteps(n, sampler = noSampler) {
  return async (_event, ctx) => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += await ctx.step(() => {
        sampler.every(i);
        return i;
      });
    }
    return sum;
  };
}

/** One measured run; `n` overrides the configuration's size (the warm-up is shorter). */
export async function runFresh(subject, config, { n = config.n, sampler = noSampler } = {}) {
  const env = inProcessService(config);
  const handler = subject.wrap(sequentialSteps(n, sampler), { client: env.client, mode: config.mode });
  const { run, invocationsMs } = await runTimed(handler, env);
  const expected = String((n * (n - 1)) / 2);
  if (run.status !== "SUCCEEDED" || run.result !== expected || run.invocations.length !== 1) {
    const why = run.error ? `: ${JSON.stringify(run.error).slice(0, 300)}` : "";
    throw new Error(`W1 ${subject.sdk} ${config.mode ?? ""} n=${n}: ${run.status} after ${run.invocations.length} invocation(s), result ${run.result}, expected ${expected}${why}`);
  }
  return { wallMs: invocationsMs[0], serviceMs: env.service.ms, ...checkpointStats(env.client) };
}

/**
 * A short warm-up (JIT, the lazily imported AWS SDK), not the full N again: 100 steps,
 * or 10 when each costs a round trip. Memory comes from the first full-size run.
 */
export async function measure(subject, config, { repeat, firstRun }) {
  await runFresh(subject, config, { n: Math.min(config.n, config.latencyMs ? 10 : 100) });
  const { memory, first } = await firstRun((sampler) => runFresh(subject, config, { sampler }));
  return { memory, runs: [first, ...(await repeat(() => runFresh(subject, config), 1))] };
}
