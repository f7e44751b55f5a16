// The fake service both SDKs talk to: the real DurableEngine in-process behind an
// InProcessLambdaClient, on a virtual clock (a 60 s wait costs nothing), with a real
// `latencyMs` sleep before each request standing in for the network round trip.
import { DurableEngine, InProcessLambdaClient, runToCompletion, VirtualClock } from "durable-rx/local";

export function inProcessService({ latencyMs = 0 } = {}) {
  const clock = new VirtualClock();
  const engine = new DurableEngine();
  const service = timeService(engine);
  const client = new InProcessLambdaClient(engine, { latencyMs, clock: clock.now });
  return { clock, engine, client, service };
}

/**
 * Runs `handler` from start to end on `env`, timing each invocation: the handler call
 * only, since starting the execution and recording each invocation's end are the
 * service's work, not the SDK's.
 */
export async function runTimed(handler, env, input = {}) {
  const invocationsMs = [];
  const timed = async (event, context) => {
    const started = performance.now();
    try {
      return await handler(event, context);
    } finally {
      invocationsMs.push(performance.now() - started);
    }
  };
  const run = await runToCompletion(timed, { input, clock: env.clock, client: env.client, engine: env.engine });
  return { run, invocationsMs };
}

/** The client's exact counts: checkpoint requests and updates, the largest request. */
export function checkpointStats(client) {
  const { checkpoints, updates, updatesPerCheckpoint } = client.stats;
  return { checkpoints, updates, maxUpdatesPerRequest: updatesPerCheckpoint.reduce((max, u) => Math.max(max, u), 0) };
}

/**
 * Times the engine's request handlers, so the report can tell the SDK's cost from the
 * fake service's (the latency sleep is outside them). A fair fake costs the same per
 * request whatever the history's length: the W1 column shows whether it does.
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
