import test from "ava";
import fc from "fast-check";
import { customSerdes, DurableError, Retry, type DurableContext } from "../../src/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { runToCompletion } from "../../src/local/in-process-runner.js";
import { durable } from "../../src/index.js";
import { BUG_TYPES, circular, fuzzParams, hostileValue, within } from "./fuzz-support.js";

/**
 * User code throws whatever it likes (strings, null, symbols, objects with hostile getters,
 * BigInts, cycles) and serdes return whatever they like. Wherever it happens, the SDK turns
 * it into a typed error whose message says what was thrown, the execution goes on or ends
 * with that error, and nothing escapes as an SDK bug (a TypeError from inside).
 */

/** Where hostile user code runs. Each builds a workflow around one operation and reports what the workflow caught. */
type Place = (ctx: DurableContext, hostile: () => never, value: unknown) => PromiseLike<unknown>;

const throwing = (value: unknown) => (): never => {
  throw value;
};

const PLACES: Record<string, Place> = {
  "step body": (ctx, hostile) => ctx.step("s", hostile, { retry: Retry.presets.noRetry }),
  "async step body": (ctx, hostile) => ctx.step("s", async () => hostile(), { retry: Retry.presets.noRetry }),
  "retry strategy": (ctx, hostile) => ctx.step("s", () => Promise.reject(new Error("first")), { retry: hostile }),
  "child context": (ctx, hostile) => ctx.runInChildContext("kid", () => hostile()),
  "map item": (ctx, hostile) => ctx.map("m", [1], () => hostile()).then((batch) => batch.throwIfError()),
  "map itemName": (ctx, hostile) => ctx.map("m", [1], (item) => item.step("x", () => 1), { itemName: hostile }),
  "parallel branch": (ctx, hostile) => ctx.parallel("p", [() => hostile()]).then((batch) => batch.throwIfError()),
  "waitForCondition check": (ctx, hostile) => ctx.waitForCondition("c", () => hostile(), { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) }),
  "waitForCondition strategy": (ctx, hostile) => ctx.waitForCondition("c", (n: number) => n + 1, { initialState: 0, waitStrategy: hostile }),
  "waitForCallback submitter": (ctx, hostile) => ctx.waitForCallback("w", () => hostile(), { retry: Retry.presets.noRetry }),
  "child summary": (ctx, hostile) => ctx.runInChildContext("big", async () => "x".repeat(300 * 1024), { summary: hostile }),
  "serialize throws": (ctx, hostile) => ctx.step("s", () => 1, { serdes: customSerdes<number>(hostile, (text) => Number(text)) }),
  "serialize returns it": (ctx, _hostile, value) => ctx.step("s", () => 1, { serdes: customSerdes<number>(() => value as string, (text) => Number(text)) }),
  "serialize rejects": (ctx, _hostile, value) => ctx.step("s", () => 1, { serdes: customSerdes<number>(() => Promise.reject(value), (text) => Number(text)) }),
  "deserialize throws": (ctx, hostile) => ctx.step("s", () => 1, { serdes: customSerdes((v) => JSON.stringify(v), hostile) }),
  "callback serdes": async (ctx, hostile) => {
    const callback = await ctx.createCallback("cb", { serdes: customSerdes((v) => String(v), hostile) });
    return callback.result;
  },
};

/** What the workflow saw: the value, or the error's class, whether it is a durable-rx error, and its message. */
type Seen = { ok: true } | { ok: false; name: string; durable: boolean; message: unknown; isError: boolean };

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Runs `fn` to its end in process; a callback still waiting is answered, so the callback's serdes runs. */
async function runWorkflow(fn: (event: unknown, ctx: DurableContext) => unknown) {
  const handler = durable(fn as never, { logger: quiet, dev: false });
  const run = await runToCompletion(handler as never, {
    engine: new DurableEngine(),
    onSuspended: ({ engine, arn, now }) => {
      const callback = engine.getRecord(arn)!.operations.find((entry) => entry.op.Type === "CALLBACK" && entry.op.Status === "STARTED");
      if (callback) engine.succeedCallback(callback.op.CallbackDetails!.CallbackId!, '"answer"', now);
    },
  });
  return { run, result: run.result === undefined ? undefined : JSON.parse(run.result) };
}

async function runPlace(place: Place, value: unknown) {
  return runWorkflow(async (_event, ctx) => {
    try {
      await place(ctx, throwing(value), value);
      return { ok: true } satisfies Seen;
    } catch (error) {
      const e = error as Error;
      return { ok: false, name: e?.name, durable: DurableError.is(error), message: e?.message, isError: error instanceof Error } satisfies Seen;
    }
  });
}

for (const [where, place] of Object.entries(PLACES)) {
  test(`${where}: whatever it throws or returns, the workflow catches a typed Error with a readable message`, async (t) => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileValue, fc.constant(circular()), fc.constant(new Error("a real one"))), async (value) => {
        const live = await within(5_000, runPlace(place, value), where);
        if (live.run.status !== "SUCCEEDED") throw new Error(`the workflow did not finish: ${live.run.status} ${JSON.stringify(live.run.error)}`);
        const seen = live.result as Seen;
        if (seen.ok) return; // the operation accepted it (a serdes returned a usable string, an itemName returned...)
        if (!seen.isError) throw new Error(`caught something that is not an Error: ${JSON.stringify(seen)}`);
        if (typeof seen.message !== "string") throw new Error(`an error without a message: ${JSON.stringify(seen)}`);
        if (BUG_TYPES.has(seen.name) && !(value instanceof Error)) throw new Error(`an SDK bug surfaced: ${seen.name}: ${seen.message}`);
        if (!seen.durable) throw new Error(`not a durable-rx error: ${JSON.stringify(seen)}`);
      }),
      fuzzParams(where.includes("callback") ? 25 : 60, 0x8f0 + where.length),
    );
    t.pass();
  });
}

test("the handler itself throws anything: FAILED with an ErrorObject whose type and message are strings", async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(hostileValue, fc.constant(circular())), async (value) => {
      const live = await within(5_000, runWorkflow(async () => {
        throw value;
      }), "handler");
      if (live.run.status !== "FAILED") throw new Error(`status ${live.run.status}`);
      const error = live.run.error ?? {};
      if (typeof error.ErrorType !== "string" || typeof error.ErrorMessage !== "string") throw new Error(`an unreadable error: ${JSON.stringify(error)}`);
      if (BUG_TYPES.has(error.ErrorType)) throw new Error(`an SDK bug surfaced: ${JSON.stringify(error)}`);
    }),
    fuzzParams(150, 0x8f9),
  );
  t.pass();
});

test("what a thrown non-Error becomes, by example: its rendering is the message", async (t) => {
  const messages: Record<string, string> = {};
  for (const [label, value] of [
    ["a string", "plain words"],
    ["null", null],
    ["undefined", undefined],
    ["a number", 42],
    ["a symbol", Symbol("why")],
    ["a bigint", 10n],
    ["an object", { code: "E1", detail: [1, 2] }],
    ["a cycle", circular()],
  ] as const) {
    const live = await runPlace(PLACES["step body"]!, value);
    messages[label] = (live.result as { message: string }).message;
  }
  t.deepEqual(messages, {
    "a string": "plain words",
    null: "null",
    undefined: "undefined",
    "a number": "42",
    "a symbol": "Symbol(why)",
    "a bigint": "10",
    "an object": '{"code":"E1","detail":[1,2]}',
    "a cycle": '{"label":"loop","self":"[Circular]"}',
  });
});
