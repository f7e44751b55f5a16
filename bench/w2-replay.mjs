// W2: replay. The handler is invoked with all N steps already SUCCEEDED, so it runs no
// step body and sends no checkpoint; it only replays. Four handler shapes over the same
// history: async/await (the W1 handler), the same with the history paged 1000 at a time
// through GetDurableExecutionState, an Observable `expand` loop and a `concatMap` chain.
import { durable } from "durable-rx";
import { executionStarted, invocationEvent, succeededStep } from "durable-rx/testing";
import { concatMap, EMPTY, expand, map, range, reduce } from "rxjs";
import { silent } from "./w1-fresh.mjs";

const PAGE = 1000;

/** Peak heap and RSS. Sampled from inside the handler too: a replay that never yields starves a timer. */
export class MemorySampler {
  heap = 0;
  rss = 0;
  sample() {
    const { heapUsed, rss } = process.memoryUsage();
    if (heapUsed > this.heap) this.heap = heapUsed;
    if (rss > this.rss) this.rss = rss;
  }
}

const every = (i, sampler) => {
  if ((i & 255) === 0) sampler.sample();
};

const handlers = {
  await: (n, sampler) => async (_event, ctx) => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      every(i, sampler);
      sum += await ctx.step(() => i);
    }
    return sum;
  },
  expand: (n, sampler) => (_event, ctx) => {
    const at = (i) => ctx.step(() => i).pipe(map((value) => ({ i, value })));
    return at(0).pipe(
      expand(({ i }) => {
        every(i, sampler);
        return i + 1 < n ? at(i + 1) : EMPTY;
      }),
      reduce((sum, { value }) => sum + value, 0),
    );
  },
  concatMap: (n, sampler) => (_event, ctx) =>
    range(0, n).pipe(
      concatMap((i) => {
        every(i, sampler);
        return ctx.step(() => i);
      }),
      reduce((sum, value) => sum + value, 0),
    ),
};
handlers.paged = handlers.await;

/** The service's view after a W1 run of `n` steps: the EXECUTION, then every step. */
export function history(n) {
  const operations = [executionStarted({})];
  for (let i = 0; i < n; i++) operations.push(succeededStep(String(i + 1), i));
  return operations;
}

/**
 * Serves GetDurableExecutionState pages from `operations`; the marker is an offset.
 * Pages are deep copies, as a deserialized response would be. Any other request fails
 * the run: a replay must not checkpoint.
 */
function pagingClient(operations, counter) {
  return {
    async send(command) {
      counter.requests += 1;
      const name = command.constructor.name;
      if (name !== "GetDurableExecutionStateCommand") throw new Error(`W2: unexpected ${name} during a replay`);
      const offset = Number(command.input.Marker);
      const end = offset + (command.input.MaxItems || PAGE);
      const page = { Operations: structuredClone(operations.slice(offset, end)) };
      if (end < operations.length) page.NextMarker = String(end);
      return page;
    },
  };
}

/** One measured replay of `operations` (from `history(n)`). */
export async function runReplay(config, operations, sampler = new MemorySampler()) {
  const { n, variant } = config;
  const paged = variant === "paged";
  const counter = { requests: 0 };
  const handler = durable(handlers[variant](n, sampler), { client: pagingClient(operations, counter), logger: silent, dev: false });
  // The event Lambda hands over is freshly parsed JSON; building it is not the SDK's work.
  const first = structuredClone(paged ? operations.slice(0, PAGE) : operations);
  const event = invocationEvent(first, paged && operations.length > PAGE ? { nextMarker: String(PAGE) } : {});
  const timer = setInterval(() => sampler.sample(), 1);
  sampler.sample();
  const started = performance.now();
  const output = await handler(event, {});
  const wallMs = performance.now() - started;
  sampler.sample();
  clearInterval(timer);
  const expected = String((n * (n - 1)) / 2);
  if (output.Status !== "SUCCEEDED" || output.Result !== expected) {
    throw new Error(`W2 ${variant} n=${n}: ${JSON.stringify(output).slice(0, 300)}, expected ${expected}`);
  }
  return { wallMs, usPerOp: (wallMs * 1000) / n, requests: counter.requests };
}
