import fc from "fast-check";
import { executionStarted } from "../../src/testing/history-builders.js";
import { jsonHostile, wireIds } from "./fuzz-support.js";

/** Generators of recorded histories: what a durable handler or a replay check may be given. */

export const TYPES = ["EXECUTION", "CONTEXT", "STEP", "WAIT", "CALLBACK", "CHAINED_INVOKE"];
export const STATUSES = ["STARTED", "PENDING", "READY", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"];

const someTimestamp = fc.oneof(fc.constantFrom("2026-01-01T00:00:00.000Z", "2999-01-01T00:00:00.000Z", "not a date", ""), fc.integer(), fc.double());
const someErrorObject = fc.record({ ErrorType: fc.string(), ErrorMessage: fc.string(), ErrorData: fc.string(), StackTrace: fc.array(fc.string(), { maxLength: 3 }) }, { requiredKeys: [] });
const someResult = fc.oneof(fc.constantFrom('"ok"', "1", "{}", "[1]", "null", "not json", "", '{"all":[],"completionReason":"ALL_COMPLETED"}'), fc.string());

/**
 * One operation of a history for the workflow below: members of the right JSON type (odd
 * as they may be), or, when `hostile`, now and then anything at all. Most histories are
 * well typed, so they pass the event check and reach the workflow with their
 * inconsistencies; the hostile ones test the check itself.
 */
function historyOperation(hostile: boolean): fc.Arbitrary<Record<string, unknown>> {
  const mostly = <T>(typed: fc.Arbitrary<T>): fc.Arbitrary<unknown> => (hostile ? fc.oneof({ arbitrary: typed, weight: 8 }, { arbitrary: jsonHostile, weight: 1 }) : typed);
  return fc.record(
    {
      Id: fc.oneof({ arbitrary: fc.constantFrom(...wireIds), weight: 6 }, { arbitrary: fc.string({ maxLength: 20 }), weight: 1 }),
      Type: mostly(fc.constantFrom(...TYPES)),
      Status: mostly(fc.constantFrom(...STATUSES)),
      Name: mostly(fc.oneof(fc.constantFrom("a", "w", "side", "kid", "inner", "cb", "poll", "m", "double"), fc.string())),
      SubType: mostly(fc.oneof(fc.constantFrom("Step", "Wait", "RunInChildContext", "Callback", "WaitForCondition", "Map", "MapIteration"), fc.string())),
      ParentId: mostly(fc.constantFrom(...wireIds)),
      StartTimestamp: mostly(someTimestamp),
      StepDetails: mostly(
        fc.record(
          { Attempt: mostly(fc.oneof(fc.integer({ min: -3, max: 9 }), fc.double())), Result: mostly(someResult), Error: mostly(someErrorObject), NextAttemptTimestamp: mostly(someTimestamp) },
          { requiredKeys: [] },
        ),
      ),
      WaitDetails: mostly(fc.record({ ScheduledEndTimestamp: mostly(someTimestamp) }, { requiredKeys: [] })),
      ContextDetails: mostly(fc.record({ Result: mostly(someResult), ReplayChildren: mostly(fc.boolean()), Error: mostly(someErrorObject) }, { requiredKeys: [] })),
      CallbackDetails: mostly(fc.record({ CallbackId: mostly(fc.string()), Result: mostly(someResult), Error: mostly(someErrorObject) }, { requiredKeys: [] })),
      ChainedInvokeDetails: mostly(fc.record({ Result: mostly(someResult), Error: mostly(someErrorObject) }, { requiredKeys: [] })),
    },
    // A well-typed history has every required member; a hostile one may lack any but Id.
    { requiredKeys: hostile ? ["Id"] : ["Id", "Type", "Status"] },
  );
}

/**
 * A history for the workflow: an EXECUTION (sometimes missing, duplicated or odd), then
 * operations that may collide, repeat an Id, name parents in a cycle, or carry wrong
 * types. Only ones that pass the event check reach the workflow.
 */
export const history: fc.Arbitrary<unknown[]> = fc
  .tuple(
    fc.oneof(fc.constant([executionStarted({ n: 1 })] as unknown[]), fc.constant([]), fc.constant([executionStarted(), executionStarted()])),
    fc.oneof({ arbitrary: fc.array(historyOperation(false), { maxLength: 12 }), weight: 4 }, { arbitrary: fc.array(historyOperation(true), { maxLength: 12 }), weight: 1 }),
    fc.boolean(),
  )
  .map(([execution, operations, cycle]) => {
    const all = [...execution, ...operations];
    // Parents in a cycle: each names the next, the last names the first.
    if (cycle && operations.length >= 2) operations.forEach((op, i) => (op.ParentId = operations[(i + 1) % operations.length]!.Id));
    return all;
  });

