import { CheckpointDurableExecutionCommand } from "@aws-sdk/client-lambda";
import test from "ava";
import { classifyCheckpointError, isTransient } from "../../src/checkpoint/classify-error.js";
import { durable } from "../../src/index.js";
import { runToCompletion } from "../../src/local.js";
import { AwsServiceError } from "../../src/local/aws-error.js";
import { CHECKPOINT_FAULT_KINDS, CheckpointFaults, type CheckpointFaultKind } from "../../src/local/checkpoint-faults.js";
import { InProcessLambdaClient } from "../../src/local/in-process-client.js";
import type { CheckpointDurableExecutionOutput } from "../../src/wire/types.js";
import { newEngine, stepStart, T0 } from "../helpers/engine-fixtures.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function setup(kinds: CheckpointFaultKind[], rate = 1) {
  const engine = newEngine();
  const { arn } = engine.startExecution({ functionName: "fn" }, T0);
  const { event } = engine.beginInvocation(arn, T0);
  const client = new InProcessLambdaClient(engine, { clock: () => T0, faults: { rate, kinds, seed: 3 } });
  const applied = () => engine.getRecord(arn)!.operations.length - 1;
  const request = (ClientToken: string) =>
    new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: event.CheckpointToken, Updates: [stepStart("s")], ClientToken });
  return { engine, arn, client, applied, request };
}

test("the same seed injects the same faults; rate 0 injects none", (t) => {
  const draws = (seed: number, rate: number) => {
    const faults = new CheckpointFaults({ rate, seed });
    return Array.from({ length: 200 }, (_, i) => {
      const plan = faults.draw("CheckpointDurableExecution", { ClientToken: `t${i}` }, "r");
      return plan === undefined ? "-" : "error" in plan ? plan.error.name : "duplicate";
    });
  };
  t.deepEqual(draws(7, 0.3), draws(7, 0.3));
  t.notDeepEqual(draws(7, 0.3), draws(8, 0.3));
  t.true(draws(7, 0).every((name) => name === "-"));
  const share = draws(7, 0.3).filter((name) => name !== "-").length / 200;
  t.true(share > 0.15 && share < 0.45, `about 30% of deliveries fail (${share})`);
});

test("bad fault options are refused", (t) => {
  t.throws(() => new CheckpointFaults({ rate: 1.5 }), { instanceOf: RangeError, message: /rate/ });
  t.throws(() => new CheckpointFaults({ rate: Number.NaN }), { instanceOf: RangeError });
  t.throws(() => new CheckpointFaults({ rate: 0.1, kinds: [] }), { instanceOf: RangeError, message: /kinds/ });
});

/** PROTOCOL.md §8 as the SDK applies it to each fault's error. */
const classified: Record<Exclude<CheckpointFaultKind, "duplicate">, { transient: boolean; failure: "invocation" | "execution" }> = {
  throttled: { transient: true, failure: "invocation" },
  "server-error": { transient: true, failure: "invocation" },
  timeout: { transient: true, failure: "invocation" },
  "lost-response": { transient: true, failure: "invocation" },
  "stale-token": { transient: false, failure: "invocation" },
};

for (const kind of CHECKPOINT_FAULT_KINDS.filter((k): k is keyof typeof classified => k !== "duplicate")) {
  test(`${kind}: its error is one the SDK classifies as ${classified[kind].transient ? "transient" : "invocation-level"}`, async (t) => {
    const { client, request, applied } = setup([kind]);
    const error = await t.throwsAsync(client.send(request("c1")));
    t.is(isTransient(error), classified[kind].transient);
    t.is(classifyCheckpointError(error).failure, classified[kind].failure);
    t.is(applied(), kind === "lost-response" ? 1 : 0, "only a lost response comes after the write");
  });
}

test("a lost response: the write is applied once, and the resend gets the first answer", async (t) => {
  const { client, request, applied, engine, arn } = setup(["lost-response"], 1);
  await t.throwsAsync(client.send(request("c1")), { name: "ECONNRESET" });
  t.is(applied(), 1);
  const clean = new InProcessLambdaClient(engine, { clock: () => T0 });
  const resent = (await clean.send(request("c1"))) as CheckpointDurableExecutionOutput;
  t.is(applied(), 1, "the resend with the same ClientToken applies nothing");
  t.is(resent.CheckpointToken, engine.getRecord(arn)!.activeInvocation!.latestToken, "the answer the lost one would have been");
  t.is(resent.NewExecutionState?.Operations?.[0]?.Id, "s");
});

test("a duplicate delivery: applied once, one answer", async (t) => {
  const { client, request, applied } = setup(["duplicate"], 1);
  const answer = (await client.send(request("c1"))) as CheckpointDurableExecutionOutput;
  t.truthy(answer.CheckpointToken);
  t.is(applied(), 1);
});

test("a timeout waits timeoutMs (real time) before the client gives up", async (t) => {
  const engine = newEngine();
  const { arn } = engine.startExecution({ functionName: "fn" }, T0);
  const { event } = engine.beginInvocation(arn, T0);
  const client = new InProcessLambdaClient(engine, { faults: { rate: 1, kinds: ["timeout"], timeoutMs: 30 } });
  let settled = false;
  const sent = client.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: event.CheckpointToken, Updates: [] }));
  sent.catch(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  t.false(settled, "still waiting");
  await t.throwsAsync(sent, { name: "TimeoutError" });
});

test("only checkpoints suffer faults: reads and callbacks go through", async (t) => {
  const engine = newEngine();
  const client = new InProcessLambdaClient(engine, { clock: () => T0, faults: { rate: 1 } });
  const { arn } = engine.startExecution({ functionName: "fn" }, T0);
  const description = (await client.send({ name: "GetDurableExecution", input: { DurableExecutionArn: arn } })) as { Status: string };
  t.is(description.Status, "RUNNING");
});

test("a 4xx other than a stale token fails the execution: not resent, not retried (§8 execution-level)", async (t) => {
  const engine = newEngine();
  let checkpoints = 0;
  const client = new InProcessLambdaClient(engine, {
    beforeRequest(name) {
      if (name !== "CheckpointDurableExecution") return;
      checkpoints += 1;
      throw new AwsServiceError("InvalidParameterValueException", "Invalid current STEP state to start.", 400, "r");
    },
  });
  const handler = durable(async (_event, ctx) => ctx.step("s", () => 1), { client, logger: quiet, dev: false });
  const run = await runToCompletion(handler, { engine, client });
  t.is(run.status, "FAILED");
  t.like(run.error, { ErrorType: "CheckpointError", ErrorMessage: "Checkpoint failed: Invalid current STEP state to start." });
  t.deepEqual(
    run.invocations.map((i) => ("status" in i ? i.status : "THREW")),
    ["FAILED"],
  );
  t.is(checkpoints, 1, "sent once");
});
