// W1: a fresh execution of N sequential trivial steps, one invocation, on the in-process
// engine. Only the handler call is timed: starting the execution and recording the
// invocation's end are the fake service's work, not the SDK's.
import { durable } from "durable-rx";
import { DurableEngine, InProcessLambdaClient, runToCompletion } from "durable-rx/local";

export const silent = { debug() {}, info() {}, warn() {}, error() {} };

export function sequentialSteps(n) {
  return async (_event, ctx) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += await ctx.step(() => i);
    return sum;
  };
}

/** One measured run; `n` overrides the configuration's size (the warm-up is shorter). */
export async function runFresh(config, n = config.n) {
  const engine = new DurableEngine();
  const service = timeService(engine);
  const client = new InProcessLambdaClient(engine, { latencyMs: config.latencyMs });
  const handler = durable(sequentialSteps(n), {
    checkpoint: { mode: config.mode },
    client,
    logger: silent,
    // As in Lambda, where AWS_LAMBDA_FUNCTION_NAME turns development checks off.
    dev: false,
  });
  let wallMs = 0;
  const timed = async (event, context) => {
    const started = performance.now();
    try {
      return await handler(event, context);
    } finally {
      wallMs = performance.now() - started;
    }
  };
  const run = await runToCompletion(timed, { input: {}, clock: "virtual", client, engine });
  const expected = String((n * (n - 1)) / 2);
  if (run.status !== "SUCCEEDED" || run.result !== expected || run.invocations.length !== 1) {
    throw new Error(`W1 ${config.mode} n=${n}: ${run.status} after ${run.invocations.length} invocation(s), result ${run.result}, expected ${expected}`);
  }
  const { checkpoints, updates, updatesPerCheckpoint } = client.stats;
  return { wallMs, serviceMs: service.ms, checkpoints, updates, maxUpdatesPerRequest: Math.max(0, ...updatesPerCheckpoint) };
}

/**
 * Times the engine's request handlers, so the report can tell the SDK's cost from the
 * fake service's: the engine does per-request work that grows with the history (it
 * scans every operation for due timers), which dominates W1 at large N.
 */
function timeService(engine) {
  const service = { ms: 0 };
  for (const name of ["checkpoint", "getExecutionState"]) {
    const original = engine[name].bind(engine);
    engine[name] = (...args) => {
      const started = performance.now();
      try {
        return original(...args);
      } finally {
        service.ms += performance.now() - started;
      }
    };
  }
  return service;
}
