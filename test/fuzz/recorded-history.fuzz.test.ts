import test from "ava";
import fc from "fast-check";
import { durable } from "../../src/index.js";
import { readHistory, replayCheck } from "../../src/testing.js";
import { fuzzParams, jsonHostile, within } from "./fuzz-support.js";
import { history } from "./history-arbitraries.js";

/**
 * Recorded histories come from files a person may have edited, from another SDK, or from
 * an older service: the testing tools read them (readHistory) and replay them
 * (replayCheck). Whatever the file holds, the tools answer with findings or with an error
 * that says what was wrong with it; a stack overflow or a TypeError from deep inside is a bug.
 */

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const workflow = durable(
  async (_input: unknown, ctx) => {
    await ctx.step("a", () => "ok");
    await ctx.all([ctx.wait("w", { seconds: 5 }), ctx.step("side", () => 2)]);
    await ctx.runInChildContext("kid", (kid) => kid.step("inner", () => "in"));
    return "done";
  },
  { logger: quiet, dev: false },
);

/** readHistory and replayCheck report bad input in their own words: "readHistory: ..." / "replayCheck: ...". */
const ownWords = (error: unknown) => error instanceof TypeError && /^(readHistory|replayCheck): /.test(error.message);

/** History events: some well formed, some with members of the wrong type or missing. */
const eventRecord = fc.record(
  {
    EventType: fc.oneof(fc.constantFrom("ExecutionStarted", "StepStarted", "StepSucceeded", "ContextStarted", "WaitStarted", "InvocationCompleted", "Bogus"), jsonHostile),
    EventId: fc.oneof(fc.integer({ min: 1, max: 20 }), jsonHostile),
    Id: fc.oneof(fc.constantFrom("c4ca4238a0b92382", "c81e728d9d4c2f63", "eccbc87e4b5ce2fe"), jsonHostile),
    ParentId: fc.oneof(fc.constantFrom("c4ca4238a0b92382", "eccbc87e4b5ce2fe"), jsonHostile),
    Name: fc.oneof(fc.constantFrom("a", "w", "kid"), jsonHostile),
    SubType: fc.oneof(fc.constantFrom("Step", "Wait", "RunInChildContext"), jsonHostile),
    EventTimestamp: fc.oneof(fc.constant("2026-01-01T00:00:00.000Z"), fc.integer(), jsonHostile),
    StepSucceededDetails: fc.oneof(fc.record({ Result: fc.record({ Payload: fc.oneof(fc.constant('"ok"'), jsonHostile) }) }), jsonHostile),
    ExecutionStartedDetails: fc.oneof(fc.record({ Input: fc.record({ Payload: fc.oneof(fc.constant("{}"), jsonHostile) }) }), jsonHostile),
  },
  { requiredKeys: [] },
);

const anyHistoryInput: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: history, weight: 4 },
  { arbitrary: history.map((operations) => ({ DurableExecutionArn: "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST/durable-execution/x/y", Operations: operations })), weight: 1 },
  { arbitrary: fc.array(eventRecord, { maxLength: 10 }).map((events) => ({ Events: events })), weight: 3 },
  { arbitrary: jsonHostile, weight: 1 },
  { arbitrary: fc.string().map((text) => `{"Events": ${text}`), weight: 1 },
);

test("readHistory: any input is normalized or refused with a TypeError in its own words", (t) => {
  fc.assert(
    fc.property(anyHistoryInput, (input) => {
      try {
        readHistory(input as never);
      } catch (error) {
        if (!ownWords(error)) throw error;
      }
    }),
    fuzzParams(2000, 0x8e4),
  );
  t.pass();
});

test("replayCheck over malformed histories (duplicates, cycles in parent ids, unknown statuses): findings or a clear error, never a crash or a hang", async (t) => {
  let reports = 0;
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(anyHistoryInput, async (input) => {
      let result;
      try {
        result = await within(5_000, replayCheck(workflow as never, input as never, { moments: "final", timeoutMs: 2_000 }), "replayCheck");
      } catch (error) {
        if (ownWords(error)) return void refused++;
        throw error;
      }
      reports++;
      if (typeof result.format() !== "string") throw new Error("no report");
    }),
    fuzzParams(400, 0x8e5),
  );
  t.log(`replay checks reported: ${reports}, inputs refused: ${refused}`);
  t.true(reports > 0);
});
