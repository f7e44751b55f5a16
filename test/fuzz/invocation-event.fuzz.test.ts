import test from "ava";
import fc from "fast-check";
import { durable, DurableError, ValidationError } from "../../src/index.js";
import { parseInvocationEvent } from "../../src/lambda/invocation-event.js";
import {
  executionStarted,
  invocationEvent,
  startedCallback,
  startedWait,
  succeededContext,
  succeededStep,
  TEST_EXECUTION_ARN,
} from "../../src/testing/history-builders.js";
import { RecordingClient } from "../helpers/recording-client.js";
import { BUG_TYPES, fuzzParams, jsonHostile, within } from "./fuzz-support.js";
import { history, STATUSES, TYPES } from "./history-arbitraries.js";

/**
 * The invocation event is the first thing a durable handler reads (PROTOCOL.md §1.1).
 * Whatever arrives, the handler rejects it with a ValidationError naming what was wrong
 * before it sends anything, or accepts it; a TypeError from deep inside is a bug.
 */

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const good = invocationEvent([
  executionStarted({ order: 7 }),
  succeededStep("1", 42, { name: "a" }),
  { ...startedWait("2", "2026-01-01T00:00:05.000Z"), EndTimestamp: "2026-01-01T00:00:05.000Z" },
  succeededContext("3", "r", { name: "kid" }),
  startedCallback("4", { name: "cb" }),
  { ...startedCallback("5"), Type: "CHAINED_INVOKE", SubType: "ChainedInvoke", CallbackDetails: undefined, ChainedInvokeDetails: { Result: "1" } },
]);

/** Members the SDK reads, each with the JSON type it must have. */
const READ: Record<string, Record<string, (value: unknown) => boolean>> = {
  ExecutionDetails: { InputPayload: (v) => typeof v === "string" },
  StepDetails: { Attempt: (v) => typeof v === "number", Result: (v) => typeof v === "string", Error: (v) => typeof v === "object" && v !== null, NextAttemptTimestamp: (v) => typeof v === "string" || typeof v === "number" },
  WaitDetails: { ScheduledEndTimestamp: (v) => typeof v === "string" || typeof v === "number" },
  ContextDetails: { Result: (v) => typeof v === "string", ReplayChildren: (v) => typeof v === "boolean", Error: (v) => typeof v === "object" && v !== null },
  CallbackDetails: { CallbackId: (v) => typeof v === "string", Result: (v) => typeof v === "string", Error: (v) => typeof v === "object" && v !== null },
  ChainedInvokeDetails: { Result: (v) => typeof v === "string", Error: (v) => typeof v === "object" && v !== null },
};

/** Why an accepted operation is not what the SDK may rely on, or undefined. */
function misread(op: Record<string, any>): string | undefined {
  if (typeof op.Id !== "string" || op.Id === "" || !TYPES.includes(op.Type) || !STATUSES.includes(op.Status)) return "identity";
  for (const key of ["ParentId", "Name", "SubType"]) if (op[key] !== undefined && typeof op[key] !== "string") return key;
  for (const [details, members] of Object.entries(READ)) {
    const value = op[details];
    if (value === undefined) continue;
    if (typeof value !== "object" || value === null) return details;
    for (const [member, ok] of Object.entries(members)) if (value[member] !== undefined && !ok(value[member])) return `${details}.${member}`;
  }
  return undefined;
}

/** A valid event with one member replaced, removed or retyped somewhere along a path. */
const mutatedEvent: fc.Arbitrary<unknown> = fc
  .record({
    path: fc.constantFrom(
      ["DurableExecutionArn"],
      ["CheckpointToken"],
      ["InitialExecutionState"],
      ["InitialExecutionState", "Operations"],
      ["InitialExecutionState", "NextMarker"],
      ["InitialExecutionState", "Operations", 0],
      ["InitialExecutionState", "Operations", 0, "Id"],
      ["InitialExecutionState", "Operations", 0, "Type"],
      ["InitialExecutionState", "Operations", 0, "Status"],
      ["InitialExecutionState", "Operations", 0, "ExecutionDetails"],
      ["InitialExecutionState", "Operations", 0, "ExecutionDetails", "InputPayload"],
      ["InitialExecutionState", "Operations", 1],
      ["InitialExecutionState", "Operations", 1, "Id"],
      ["InitialExecutionState", "Operations", 1, "Name"],
      ["InitialExecutionState", "Operations", 1, "ParentId"],
      ["InitialExecutionState", "Operations", 1, "SubType"],
      ["InitialExecutionState", "Operations", 1, "StartTimestamp"],
      ["InitialExecutionState", "Operations", 1, "StepDetails"],
      ["InitialExecutionState", "Operations", 1, "StepDetails", "Attempt"],
      ["InitialExecutionState", "Operations", 1, "StepDetails", "Result"],
      ["InitialExecutionState", "Operations", 1, "StepDetails", "Error"],
      ["InitialExecutionState", "Operations", 1, "StepDetails", "NextAttemptTimestamp"],
      ["InitialExecutionState", "Operations", 1, "StepDetails", "Error", "ErrorMessage"],
      ["InitialExecutionState", "Operations", 1, "StepDetails", "Error", "StackTrace"],
      ["InitialExecutionState", "Operations", 2, "WaitDetails"],
      ["InitialExecutionState", "Operations", 2, "WaitDetails", "ScheduledEndTimestamp"],
      ["InitialExecutionState", "Operations", 2, "EndTimestamp"],
      ["InitialExecutionState", "Operations", 3, "ContextDetails"],
      ["InitialExecutionState", "Operations", 3, "ContextDetails", "Result"],
      ["InitialExecutionState", "Operations", 3, "ContextDetails", "ReplayChildren"],
      ["InitialExecutionState", "Operations", 3, "ContextDetails", "Error"],
      ["InitialExecutionState", "Operations", 4, "CallbackDetails"],
      ["InitialExecutionState", "Operations", 4, "CallbackDetails", "CallbackId"],
      ["InitialExecutionState", "Operations", 4, "CallbackDetails", "Result"],
      ["InitialExecutionState", "Operations", 5, "ChainedInvokeDetails", "Result"],
      ["InitialExecutionState", "Operations", 5, "ChainedInvokeDetails", "Error"],
    ),
    value: fc.oneof(jsonHostile, fc.constant("__delete__")),
  })
  .map(({ path, value }) => {
    const event = structuredClone(good) as unknown as Record<string | number, unknown>;
    let at: Record<string | number, unknown> = event;
    for (const key of path.slice(0, -1)) {
      if (typeof at[key] !== "object" || at[key] === null) at[key] = {};
      at = at[key] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1]!;
    if (value === "__delete__") delete at[last];
    else at[last] = value;
    return event;
  });

test("parseInvocationEvent: any value is accepted as a valid event or rejected with a ValidationError that names the path", (t) => {
  fc.assert(
    fc.property(fc.oneof(jsonHostile, mutatedEvent), (event) => {
      let accepted: unknown;
      try {
        accepted = parseInvocationEvent(event);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw new Error(`not a ValidationError: ${String(error)}`);
        if (!/Unexpected payload|Invalid durable invocation event at \S+: /.test(error.message)) throw new Error(`unclear message: ${error.message}`);
        return;
      }
      // Accepted: the fields the SDK reads have the types it relies on.
      const input = accepted as typeof good;
      if (typeof input.DurableExecutionArn !== "string" || input.DurableExecutionArn === "") throw new Error("accepted without an ARN");
      if (typeof input.CheckpointToken !== "string" || input.CheckpointToken === "") throw new Error("accepted without a token");
      for (const op of input.InitialExecutionState.Operations ?? []) {
        const wrong = misread(op as never);
        if (wrong) throw new Error(`accepted an operation whose ${wrong} has the wrong type: ${JSON.stringify(op)}`);
      }
    }),
    fuzzParams(3000, 0x8e1),
  );
  t.pass();
});

test("a durable handler given a bad event rejects with a ValidationError and sends nothing", async (t) => {
  await fc.assert(
    fc.asyncProperty(mutatedEvent, async (event) => {
      const client = new RecordingClient({ send: async () => ({ CheckpointToken: "next", NewExecutionState: { Operations: [] } }) });
      const handler = durable(async (input: unknown, ctx) => ({ input: typeof input, a: await ctx.step("a", () => 1) }), { client, logger: quiet, dev: false });
      try {
        await within(2_000, handler(event), "handler");
      } catch (error) {
        if (error instanceof ValidationError) {
          if (client.requests.length > 0) throw new Error("a rejected event still sent requests");
          return;
        }
        // The event was accepted but its history is not this code's (a mutated step record).
        if (DurableError.is(error)) return;
        throw error;
      }
    }),
    fuzzParams(400, 0x8e2),
  );
  t.pass();
});

/** A workflow touching each kind of operation, catching their failures so it reaches them all. */
const workflow = durable(
  async (_input: unknown, ctx) => {
    const outcomes: string[] = [];
    const settle = (op: PromiseLike<unknown>) =>
      Promise.resolve(op).then(
        () => outcomes.push("ok"),
        (error: unknown) => outcomes.push(DurableError.is(error) ? error.name : `UNTYPED ${String(error)}`),
      );
    await settle(ctx.step("a", () => "ok"));
    await settle(ctx.all([ctx.wait("w", { seconds: 5 }), ctx.step("side", () => 2)]));
    await settle(ctx.runInChildContext("kid", (kid) => kid.step("inner", () => "in")));
    await settle(ctx.createCallback("cb"));
    await settle(ctx.waitForCondition("poll", async (n: number) => n + 1, { initialState: 0, waitStrategy: (n) => (n > 1 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 1 } }) }));
    await settle(ctx.map("m", [1, 2], (item, n) => item.step("double", () => n * 2)));
    if (outcomes.some((outcome) => outcome.startsWith("UNTYPED"))) throw new Error(`an operation failed with an untyped error: ${outcomes.join(", ")}`);
    return outcomes;
  },
  {
    client: { send: async () => ({ CheckpointToken: "next", NewExecutionState: { Operations: [] } }) },
    logger: quiet,
    dev: false,
  },
);

test("histories with missing fields, unknown statuses, wrong types, duplicates and cycles in parent ids: a typed outcome, never a crash or a hang", async (t) => {
  const seen = { accepted: 0, rejected: 0 };
  const reasons = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(history, async (operations) => {
      const event = { DurableExecutionArn: TEST_EXECUTION_ARN, CheckpointToken: "token", InitialExecutionState: { Operations: operations } };
      let output: any;
      try {
        output = await within(3_000, workflow(event), "workflow");
      } catch (error) {
        if (DurableError.is(error)) {
          seen.rejected++;
          reasons.set(`${error.name}: ${error.message.slice(0, 140)}`, (reasons.get(`${error.name}: ${error.message.slice(0, 140)}`) ?? 0) + 1);
          return;
        }
        throw error;
      }
      seen.accepted++;
      if (!["SUCCEEDED", "FAILED", "PENDING"].includes(output.Status)) throw new Error(`bad output ${JSON.stringify(output)}`);
      if (output.Status === "FAILED" && BUG_TYPES.has(output.Error?.ErrorType)) throw new Error(`a bug escaped as the execution's error: ${JSON.stringify(output.Error)}`);
      if (output.Status === "FAILED" && !output.Error?.ErrorMessage) throw new Error(`a failure without a message: ${JSON.stringify(output)}`);
    }),
    fuzzParams(600, 0x8e3),
  );
  t.log(`histories accepted: ${seen.accepted}, rejected: ${seen.rejected}; most common rejection: ${[...reasons].sort((a, b) => b[1] - a[1])[0]?.[0]}`);
  t.true(seen.accepted > 0 && seen.rejected > 0, `both kinds were tried: ${JSON.stringify(seen)}`);
});
