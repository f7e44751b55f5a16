import test from "ava";
import { concatMap, forkJoin, lastValueFrom, map, mergeMap, range, timer, toArray } from "rxjs";
import { runLive } from "../helpers/live.js";

const sequential = (count: number) => async (_event: unknown, ctx: any) => {
  let total = 0;
  for (let i = 0; i < count; i++) total += await ctx.step(() => i);
  return total;
};

test("optimistic: 50 sequential steps at 10 ms latency take far fewer requests than steps, and nothing is lost", async (t) => {
  const live = await runLive(sequential(50), { mode: "optimistic", latencyMs: 10 });
  t.is(live.result, 1225);
  t.true(live.client.checkpoints.length <= 10, `${live.client.checkpoints.length} requests`);
  t.is(live.client.checkpoints.flat().filter((u) => u.Action === "SUCCEED").length, 50);
});

test("eager: each sequential step waits for its own acknowledgement (one request per step)", async (t) => {
  const live = await runLive(sequential(20), { mode: "eager" });
  t.is(live.result, 190);
  t.is(live.client.checkpoints.length, 20);
});

test("batched: concurrent steps share requests within the window", async (t) => {
  const live = await runLive(
    (_event, ctx) => lastValueFrom(range(0, 40).pipe(mergeMap((i) => ctx.step(() => i), 40), toArray())),
    { mode: "batched", config: { checkpoint: { windowMs: 20 } } },
  );
  t.is((live.result as number[]).length, 40);
  t.true(live.client.checkpoints.length <= 3, `${live.client.checkpoints.length} requests`);
});

test("requests are split at maxBatchOperations", async (t) => {
  const live = await runLive(
    (_event, ctx) => lastValueFrom(range(0, 30).pipe(mergeMap((i) => ctx.step(() => i), 30), toArray())),
    { mode: "batched", config: { checkpoint: { windowMs: 20, maxBatchOperations: 25 } } },
  );
  t.true(live.client.checkpoints.every((updates) => updates.length <= 25));
  t.is(live.client.checkpoints.flat().length, 60);
});

test("optimistic: a FAIL is acknowledged before the error is delivered", async (t) => {
  let applied = 0;
  let appliedWhenCaught = -1;
  await runLive(
    async (_event, ctx) => {
      await ctx.step("ok", () => 1);
      try {
        await ctx.step("bad", () => { throw new Error("no"); }, { retry: () => ({ shouldRetry: false }) });
      } catch {
        appliedWhenCaught = applied;
      }
    },
    { mode: "optimistic", afterResponse: () => void applied++ },
  );
  t.true(appliedWhenCaught >= 1);
});

test("each checkpoint request carries the token of the previous response; one request at a time", async (t) => {
  let inFlight = 0;
  let maxInFlight = 0;
  const live = await runLive(sequential(5), {
    latencyMs: 2,
    beforeRequest: () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
    },
    afterResponse: () => void inFlight--,
  });
  t.is(maxInFlight, 1);
  const tokens = live.client.requests.filter((r) => r.command === "CheckpointDurableExecutionCommand").map((r) => r.input.CheckpointToken);
  t.is(new Set(tokens).size, tokens.length);
});

test("batched: a window that a finishing step body closes sends one request for both steps, and what follows is not taken for code inside that body", async (t) => {
  const live = await runLive(
    (_event, ctx) =>
      // a is done at once; b's body (an Observable, subscribed inside its step's context) finishes
      // later and closes the window: both SUCCEEDs leave together. c is created synchronously as
      // that request is acknowledged: were the request sent from inside b's body, c would be taken
      // for an operation created inside a step body (context misuse) and poison the invocation.
      forkJoin([ctx.step("a", () => 1), ctx.step("b", () => timer(5).pipe(map(() => 2)))]).pipe(
        concatMap((both) => ctx.step("c", () => 3).pipe(map((c) => [...both, c]))),
      ),
    { mode: "batched", realTime: true, config: { checkpoint: { windowMs: 60_000 } } },
  );
  t.deepEqual(live.result, [1, 2, 3]);
  t.deepEqual(
    live.client.checkpoints.map((updates) => updates.map((u) => `${u.Action} ${u.Name}`).join(", ")),
    ["START a, START b, SUCCEED a, SUCCEED b", "START c, SUCCEED c"],
  );
});
