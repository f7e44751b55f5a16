// W4: suspend and resume. step, wait 60 s, step: the first invocation ends PENDING at the
// wait, the virtual clock jumps 60 s, the second replays the first step and the wait and
// runs the last step.
import { checkpointStats, inProcessService, runTimed } from "./in-process.mjs";

const stepWaitStep = async (_event, ctx) => {
  const a = await ctx.step(() => 1);
  await ctx.wait({ seconds: 60 });
  const b = await ctx.step(() => 2);
  return a + b;
};

export async function runSuspendResume(subject, config) {
  const env = inProcessService(config);
  const handler = subject.wrap(stepWaitStep, { client: env.client, mode: config.mode });
  const { run, invocationsMs } = await runTimed(handler, env);
  const statuses = run.invocations.map((i) => i.status ?? "threw");
  if (run.status !== "SUCCEEDED" || run.result !== "3" || statuses.join() !== "PENDING,SUCCEEDED") {
    throw new Error(`W4 ${subject.sdk}: ${run.status}, invocations ${statuses.join(", ")}, result ${run.result}`);
  }
  return { wallMs: invocationsMs[0], toPendingMs: invocationsMs[0], resumedMs: invocationsMs[1], ...checkpointStats(env.client) };
}

export async function measure(subject, config, { repeat }) {
  await runSuspendResume(subject, config);
  return { runs: await repeat(() => runSuspendResume(subject, config)) };
}
