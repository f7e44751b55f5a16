// W2: replay. The handler is invoked with all N steps already SUCCEEDED, so it runs no
// step body and sends no checkpoint; it only replays. Handler shapes over the same
// history: async/await (both SDKs), the same with the history paged 1000 at a time
// through GetDurableExecutionState (both SDKs), and for durable-rx an Observable
// `expand` loop and a `concatMap` chain.
import { executionStarted, invocationEvent, succeededStep } from "durable-rx/testing";
import { concatMap, EMPTY, expand, map, range, reduce } from "rxjs";
import { noSampler } from "./memory.mjs";
import { lambdaContext } from "./subjects.mjs";

const PAGE = 1000;

const handlers = {
  await: (n, sampler) => async (_event, ctx) => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sampler.every(i);
      sum += await ctx.step(() => i);
    }
    return sum;
  },
  expand: (n, sampler) => (_event, ctx) => {
    const at = (i) => ctx.step(() => i).pipe(map((value) => ({ i, value })));
    return at(0).pipe(
      expand(({ i }) => {
        sampler.every(i);
        return i + 1 < n ? at(i + 1) : EMPTY;
      }),
      reduce((sum, { value }) => sum + value, 0),
    );
  },
  concatMap: (n, sampler) => (_event, ctx) =>
    range(0, n).pipe(
      concatMap((i) => {
        sampler.every(i);
        return ctx.step(() => i);
      }),
      reduce((sum, value) => sum + value, 0),
    ),
};
handlers.paged = handlers.await;

/**
 * The service's view after a W1 run of `n` steps: the EXECUTION, then every step. Both
 * SDKs number unnamed top-level operations "1", "2", … and hash them alike (PROTOCOL.md §4).
 */
export function history(n) {
  const operations = [executionStarted({})];
  for (let i = 0; i < n; i++) operations.push(succeededStep(String(i + 1), i));
  return operations;
}

/**
 * Serves GetDurableExecutionState pages from `operations`; the marker is an offset, so
 * a page costs the same wherever it starts. Pages are deep copies, as a deserialized
 * response would be. Any other request fails the run: a replay must not checkpoint.
 */
function pagingClient(operations, counter) {
  return {
    async send(command) {
      counter.requests += 1;
      const name = command.constructor.name;
      if (name !== "GetDurableExecutionStateCommand") throw new Error(`W2: unexpected ${name} during a replay`);
      const offset = Number(command.input.Marker);
      const end = offset + (command.input.MaxItems || PAGE);
      const page = { Operations: structuredClone(operations.slice(offset, end)), $metadata: { httpStatusCode: 200 } };
      if (end < operations.length) page.NextMarker = String(end);
      return page;
    },
  };
}

/**
 * One measured replay of `operations` (from `history(n)`). `fresh`: they were built for
 * this run alone and become the event as they are, with no copy kept (the memory run).
 */
export async function runReplay(subject, config, operations, sampler = noSampler, { fresh = false } = {}) {
  const { n, variant } = config;
  const paged = variant === "paged";
  const counter = { requests: 0 };
  // The one-page replay sends nothing: its client holds no copy of the history. The
  // paged one reads pages from `operations`, the service's copy.
  const client = paged ? pagingClient(operations, counter) : pagingClient([], counter);
  const handler = subject.wrap(handlers[variant](n, sampler), { client });
  // The event Lambda hands over is freshly parsed JSON; building it is not the SDK's work.
  const first = fresh && !paged ? operations : structuredClone(paged ? operations.slice(0, PAGE) : operations);
  const event = invocationEvent(first, paged && operations.length > PAGE ? { nextMarker: String(PAGE) } : {});
  operations = undefined; // the handler's run holds only the event (and the paged client its copy)
  const context = lambdaContext();
  sampler.sample();
  const started = performance.now();
  const output = await handler(event, context);
  const wallMs = performance.now() - started;
  const expected = String((n * (n - 1)) / 2);
  if (output?.Status !== "SUCCEEDED" || output.Result !== expected) {
    throw new Error(`W2 ${subject.sdk} ${variant} n=${n}: ${JSON.stringify(output).slice(0, 300)}, expected ${expected}`);
  }
  return { wallMs, usPerOp: (wallMs * 1000) / n, requests: counter.requests };
}

/** Replays before the measured ones, at least this many operations in all: small N gets as hot as large N. */
const WARM_UP_OPERATIONS = 10_000;

/** Memory comes from the first run in the fresh process, which is also the first warm-up. */
export async function measure(subject, config, { repeat, firstRun }) {
  // The paged variant imports @aws-sdk/client-lambda on its first request; load it
  // first so every variant's memory figure measures the replay, not module loading.
  await import("@aws-sdk/client-lambda");
  // A Lambda process holds one copy of the history, the event. The memory run builds it
  // fresh and keeps no template beside it: a second copy would add the same ~10 MB to
  // both SDKs' peaks and blur the ratio. The timed runs then clone from a template.
  const { memory } = await firstRun((sampler) => runReplay(subject, config, history(config.n), sampler, { fresh: true }));
  const operations = history(config.n);
  for (let replayed = config.n; replayed < WARM_UP_OPERATIONS; replayed += config.n) await runReplay(subject, config, operations);
  return { memory, runs: await repeat(() => runReplay(subject, config, operations)) };
}
