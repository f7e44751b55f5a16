import test from "ava";
import { durable } from "../../src/index.js";
import { InProcessLambdaClient, runToCompletion } from "../../src/local.js";
import { AwsServiceError } from "../../src/local/aws-error.js";
import { newEngine } from "../helpers/engine-fixtures.js";

/**
 * What the crash and fault sweeps found, each with the test that would have caught it.
 */

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A workflow whose second invocation starts with more operations than one page holds. */
const paged = durable(
  async (_event, ctx) => {
    const a = await ctx.step("a", () => 1);
    const b = await ctx.step("b", () => 2);
    await ctx.wait("pause", { seconds: 1 });
    return a + b;
  },
  { logger: quiet, dev: false },
);

function faultyReads(fail: (read: number) => Error | undefined) {
  const engine = newEngine({ eventPageSize: 1 });
  const reads: string[] = [];
  const client = new InProcessLambdaClient(engine, {
    beforeRequest(name, input) {
      if (name !== "GetDurableExecutionState") return;
      reads.push(String((input as { Marker?: string }).Marker));
      const error = fail(reads.length);
      if (error) throw error;
    },
  });
  return { engine, client, reads };
}

test("finding: a transient fault while the initial state is paged in ended the invocation; it is read again, as a checkpoint is sent again", async (t) => {
  const { engine, client, reads } = faultyReads((read) =>
    read === 1 ? new AwsServiceError("TooManyRequestsException", "Rate exceeded", 429, "r") : undefined,
  );
  const run = await runToCompletion(paged, { engine, client });
  t.is(run.status, "SUCCEEDED");
  t.is(run.result, "3");
  t.deepEqual(
    run.invocations.map((i) => ("status" in i ? i.status : "THREW")),
    ["PENDING", "SUCCEEDED"],
    "no invocation lost to the throttled read",
  );
  t.is(reads[1], reads[0], "the same page asked for again");
});

test("a fault on every read of the initial state still ends the invocation, after the same resends as a checkpoint", async (t) => {
  const { engine, client, reads } = faultyReads(() => new AwsServiceError("ServiceException", "down", 500, "r"));
  const run = await runToCompletion(paged, { engine, client, maxInvocations: 2 }).catch((error: unknown) => error);
  t.true(run instanceof Error, "the execution cannot get past its second invocation");
  t.is(new Set(reads).size, 1, "one page, asked for again and again");
  t.is(reads.length % 4, 0, "each invocation reads it 4 times (1 + 3 resends) and gives up");
});

test("a stale token on a read of the initial state ends the invocation at once (invocation-level, no resend)", async (t) => {
  let stale = true;
  const { engine, client, reads } = faultyReads(() => {
    if (!stale) return undefined;
    stale = false;
    return new AwsServiceError("InvalidParameterValueException", "Invalid Checkpoint Token", 400, "r");
  });
  const run = await runToCompletion(paged, { engine, client });
  t.is(run.status, "SUCCEEDED");
  t.deepEqual(
    run.invocations.map((i) => ("status" in i ? i.status : "THREW")),
    ["PENDING", "THREW", "SUCCEEDED"],
  );
  t.is(reads.length, 2, "the thrown invocation read once; its retry read once");
});
