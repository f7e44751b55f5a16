import test from "ava";
import fc from "fast-check";
import { durable, Duration, ValidationError, type DurableContext } from "../../src/index.js";
import { executionStarted, invocationEvent } from "../../src/testing/history-builders.js";
import type { OperationUpdate } from "../../src/wire/types.js";
import { RecordingClient } from "../helpers/recording-client.js";
import { fuzzParams, hostileValue } from "./fuzz-support.js";

/**
 * What a workflow passes to the SDK's methods: durations, names, sub-types, function
 * names, options. Each is checked when the method is called, against an oracle written
 * here from the service's rules (PROTOCOL.md §2.2): a valid value is accepted and sent as
 * it is; anything else is a ValidationError naming the method and the problem, before
 * anything is sent.
 */

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const YEAR = 31_622_400;
const UNITS: Record<string, number> = { days: 86_400, hours: 3_600, minutes: 60, seconds: 1 };

/** Runs `body` inside a real invocation (a stand-in service that acknowledges everything); returns what it sent. */
async function inInvocation(body: (ctx: DurableContext) => unknown) {
  const client = new RecordingClient({ send: async () => ({ CheckpointToken: "next", NewExecutionState: { Operations: [] } }) });
  let outcome: { threw?: unknown } = {};
  await durable(
    async (_event, ctx) => {
      try {
        await body(ctx);
      } catch (error) {
        outcome = { threw: error };
      }
      return "done";
    },
    { client, logger: quiet, dev: false },
  )(invocationEvent([executionStarted()]));
  return { ...outcome, sent: client.checkpoints.flat() as OperationUpdate[] };
}

/** Seconds of a duration object as the service counts them, or why it is not one. */
function oracleSeconds(d: unknown): number | string {
  try {
    return readSeconds(d);
  } catch {
    return "unreadable";
  }
}

function readSeconds(d: unknown): number | string {
  if (d instanceof Duration) return d.toSeconds();
  if (typeof d !== "object" || d === null || Array.isArray(d)) return "not an object";
  let total = 0;
  for (const [key, value] of Object.entries(d)) {
    if (!(key in UNITS)) return `unknown key ${key}`;
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return `bad ${key}`;
    total += value * UNITS[key]!;
  }
  return total;
}

const durationArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      days: fc.oneof(fc.integer({ min: 0, max: 400 }), fc.double({ noNaN: false }), hostileValue),
      hours: fc.oneof(fc.integer({ min: 0, max: 48 }), fc.constantFrom(0.5, -1, Number.NaN)),
      minutes: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.constantFrom(0.1, 0.25, -0)),
      seconds: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(0.5, 1.5, 1e-9, Number.POSITIVE_INFINITY)),
      secs: fc.integer(),
    },
    { requiredKeys: [] },
  ),
  fc.integer({ min: 0, max: YEAR + 10 }).map((seconds) => ({ seconds })),
  hostileValue,
);

test("wait(duration): valid durations are sent as whole seconds; the rest are ValidationErrors at the call, naming the method", async (t) => {
  const counts = { accepted: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(durationArb, async (duration) => {
      const expected = oracleSeconds(duration);
      const rounded = typeof expected === "number" ? Math.round(expected) : undefined;
      const valid = rounded !== undefined && Math.abs((expected as number) - rounded) <= 1e-6 && rounded >= 1 && rounded <= YEAR;
      const { threw, sent } = await inInvocation((ctx) => ctx.wait("w", duration as never));
      if (valid) {
        if (threw) throw new Error(`refused ${fc.stringify(duration)} (${expected} s): ${String(threw)}`);
        const start = sent.find((u) => u.Type === "WAIT");
        if (start?.WaitOptions?.WaitSeconds !== rounded) throw new Error(`sent ${JSON.stringify(start)} for ${expected} s`);
        counts.accepted++;
        return;
      }
      if (!(threw instanceof ValidationError)) throw new Error(`accepted ${fc.stringify(duration)} (${String(expected)}): ${String(threw)}`);
      if (!/^wait\("w"\)/.test(threw.message)) throw new Error(`the message does not say where: ${threw.message}`);
      if (sent.length > 0) throw new Error("something was sent for a refused call");
      counts.refused++;
    }),
    fuzzParams(800, 0x900),
  );
  t.true(counts.accepted > 50 && counts.refused > 50, JSON.stringify(counts));
});

test("Duration factories: a finite, non-negative number or a ValidationError naming the factory", (t) => {
  fc.assert(
    fc.property(fc.constantFrom("seconds", "minutes", "hours", "days", "weeks", "months", "years"), fc.oneof(fc.double(), hostileValue), (unit, n) => {
      const valid = typeof n === "number" && Number.isFinite(n) && n >= 0;
      try {
        (Duration as unknown as Record<string, (n: unknown) => Duration>)[unit]!(n);
        if (!valid) throw new Error(`Duration.${unit}(${String(n)}) was accepted`);
      } catch (error) {
        if (valid) throw error;
        if (!(error instanceof ValidationError) || !error.message.startsWith(`Duration.${unit}:`)) throw error;
      }
    }),
    fuzzParams(1000, 0x901),
  );
  t.pass();
});

/**
 * Names as the methods take them: a leading string argument is the name (a non-string
 * there is the next argument, so only strings are names); `invoke` takes its name in
 * config, where anything at all may arrive.
 */
const stringName: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ minLength: 0, maxLength: 300, unit: fc.constantFrom(..."abcXYZ09 -_!~".split("")) }),
  fc.string({ maxLength: 20, unit: "binary" }),
  fc.constantFrom("x".repeat(256), "x".repeat(257), "", " ", "tab\t", "new\nline", "é", "\u007f", "😀"),
);
const anyName: fc.Arbitrary<unknown> = fc.oneof(stringName, hostileValue);
const validName = (name: unknown) => name === undefined || (typeof name === "string" && /^[\x20-\x7e]{1,256}$/.test(name));

test("names, for every method that takes one: printable ASCII of 1–256 characters, or a ValidationError naming the method", async (t) => {
  const methods: Record<string, (ctx: DurableContext, name: never) => unknown> = {
    step: (ctx, name) => ctx.step(name, () => 1),
    wait: (ctx, name) => ctx.wait(name, { seconds: 1 }),
    runInChildContext: (ctx, name) => ctx.runInChildContext(name, async () => 1),
    createCallback: (ctx, name) => ctx.createCallback(name),
    waitForCondition: (ctx, name) => ctx.waitForCondition(name, (s: number) => s, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) }),
    map: (ctx, name) => ctx.map(name, [1], (item) => item.step("x", () => 1)),
    invoke: (ctx, name) => ctx.invoke("other-fn", {}, { name }),
  };
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...Object.keys(methods)).chain((method) => fc.tuple(fc.constant(method), method === "invoke" ? anyName : stringName)), async ([method, name]) => {
      let threw: unknown;
      await inInvocation((ctx) => {
        try {
          methods[method]!(ctx, name as never); // cold: creating it is enough
        } catch (error) {
          threw = error;
        }
      });
      if (validName(name)) {
        if (threw) throw new Error(`${method}(${fc.stringify(name)}) refused: ${String(threw)}`);
        return;
      }
      if (!(threw instanceof ValidationError)) throw new Error(`${method}(${fc.stringify(name)}) accepted or threw ${String(threw)}`);
      if (!threw.message.startsWith(method)) throw new Error(`the message does not name ${method}: ${threw.message}`);
    }),
    fuzzParams(600, 0x902),
  );
  t.pass();
});

test("runInChildContext subType: the wire's [a-zA-Z0-9-_]{1,32}, or a ValidationError at the call", async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("Ok-Sub_1", "x".repeat(32), "x".repeat(33), "", "has space"), hostileValue), async (subType) => {
      const valid = subType === undefined || (typeof subType === "string" && /^[a-zA-Z0-9-_]{1,32}$/.test(subType));
      const { threw, sent } = await inInvocation((ctx) => ctx.runInChildContext("kid", async () => 1, { subType: subType as never }));
      if (valid) {
        if (threw) throw new Error(`refused ${fc.stringify(subType)}: ${String(threw)}`);
        if (subType !== undefined && !sent.some((u) => u.SubType === subType)) throw new Error("not sent as given");
        return;
      }
      if (!(threw instanceof ValidationError)) throw new Error(`accepted ${fc.stringify(subType)}: ${String(threw)}`);
      if (!/^runInChildContext\("kid"\)/.test(threw.message)) throw new Error(`unclear: ${threw.message}`);
      if (sent.length > 0) throw new Error("sent before refusing");
    }),
    fuzzParams(400, 0x903),
  );
  t.pass();
});

test("invoke function names: a name, name:qualifier or function ARN of 1–140 characters, or a ValidationError at the call", async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.string({ maxLength: 150 }), fc.constantFrom("fn", "fn:1", "fn:$LATEST", "arn:aws:lambda:us-east-1:123456789012:function:fn", "x".repeat(140), "x".repeat(141), "a b", ""), hostileValue),
      async (functionName) => {
        const { threw } = await inInvocation((ctx) => {
          ctx.invoke(functionName as never, {});
        });
        const valid = typeof functionName === "string" && functionName.length >= 1 && functionName.length <= 140 && /^[a-zA-Z0-9-_:$]+$/.test(functionName);
        if (threw !== undefined && !(threw instanceof ValidationError)) throw new Error(`not a ValidationError: ${String(threw)}`);
        if (!valid && threw === undefined) throw new Error(`accepted ${fc.stringify(functionName)}`);
        if (threw instanceof ValidationError && !threw.message.startsWith("invoke")) throw new Error(`unclear: ${threw.message}`);
      },
    ),
    fuzzParams(400, 0x904),
  );
  t.pass();
});

test("options objects of any shape: accepted when they fit, else a ValidationError naming the method and the member", async (t) => {
  const calls: Record<string, (ctx: DurableContext, options: never) => unknown> = {
    step: (ctx, options) => ctx.step("s", () => 1, options),
    createCallback: (ctx, options) => ctx.createCallback("c", options),
    waitForCondition: (ctx, options) => ctx.waitForCondition("w", (s: number) => s, options),
    map: (ctx, options) => ctx.map("m", [1], (item) => item.step("x", () => 1), options),
    parallel: (ctx, options) => ctx.parallel("p", [async () => 1], options),
    durable: (_ctx, options) => durable(async () => 1, options),
  };
  const optionsArb = fc.oneof(
    hostileValue,
    fc.record(
      {
        retry: hostileValue,
        semantics: fc.oneof(fc.constantFrom("at-least-once-per-retry", "at-most-once-per-retry", "exactly-once"), hostileValue),
        timeout: durationArb,
        heartbeatTimeout: durationArb,
        maxConcurrency: fc.oneof(fc.integer({ min: -2, max: 5 }), hostileValue),
        completion: hostileValue,
        initialState: hostileValue,
        waitStrategy: hostileValue,
        checkpoint: fc.oneof(fc.record({ mode: fc.oneof(fc.constantFrom("eager", "lazy"), hostileValue), windowMs: fc.oneof(fc.integer({ min: -5, max: 70_000 }), hostileValue) }, { requiredKeys: [] }), hostileValue),
        terminationMarginMs: fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), hostileValue),
        unknownOption: hostileValue,
      },
      { requiredKeys: [] },
    ),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...Object.keys(calls)), optionsArb, async (method, options) => {
      let threw: unknown;
      await inInvocation((ctx) => {
        try {
          calls[method]!(ctx, options as never);
        } catch (error) {
          threw = error;
        }
      });
      if (threw === undefined) return;
      if (!(threw instanceof ValidationError)) throw new Error(`${method}: not a ValidationError: ${String(threw)}`);
      if (!threw.message.startsWith(method)) throw new Error(`${method}: the message does not say where: ${threw.message}`);
    }),
    fuzzParams(800, 0x905),
  );
  t.pass();
});
