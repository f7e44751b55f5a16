import type { ExecutionContext } from "ava";
import { durable, type DurableContext } from "../../src/index.js";
import { historyOf, invocationEvent } from "../../src/testing/history-builders.js";
import { quiet } from "./live.js";

/** A client whose every request the service refuses for good (a 400, not retried). */
export const rejectingClient = {
  send: async (): Promise<never> => {
    throw Object.assign(new Error("rejected"), { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } });
  },
};

/**
 * The checklist's "checkpoint failure" case for one operation: its checkpoint is
 * refused, so the execution FAILS with a CheckpointError that the user's own
 * try/catch around the operation never sees (DESIGN.md "Terminal conditions").
 */
export async function assertCheckpointFailureIsTerminal(t: ExecutionContext, make: (ctx: DurableContext) => PromiseLike<unknown>): Promise<void> {
  let caught = 0;
  const handler = durable(
    async (_event, ctx) => {
      try {
        return await make(ctx);
      } catch {
        caught++;
        return "swallowed";
      }
    },
    { client: rejectingClient, logger: quiet },
  );
  const output = (await handler(invocationEvent(historyOf()))) as { Status: string; Error?: { ErrorType?: string } };
  t.is(caught, 0, "the user's catch never ran");
  t.is(output.Status, "FAILED");
  t.is(output.Error?.ErrorType, "CheckpointError");
}
