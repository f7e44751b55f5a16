import test from "ava";
import { fileURLToPath } from "node:url";
import { durable, InvokeError, type DurableConfig, type DurableContext } from "../../src/index.js";
import { ambientClient } from "../../src/checkpoint/ambient-client.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { LocalTestRunner } from "../../src/testing/local-test-runner.js";
import { stubFunction } from "../../src/testing/local-test-runner-functions.js";
import type { DurableExecutionInvocationInput } from "../../src/wire/types.js";

/**
 * Chained invokes to registered functions and stubs, handlers loaded afresh for each
 * invocation, and proof that the runner is the service's engine.
 */

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const config: DurableConfig = { logger: quiet, dev: false };
const fixture = (file: string) => fileURLToPath(new URL(`./local-test-runner-fixtures/${file}`, import.meta.url));

const checkout = durable(async (event: { amount: number }, ctx: DurableContext) => {
  const price = await ctx.invoke<{ total: number }>("pricing", { amount: event.amount }, { name: "price" });
  try {
    const receipt = await ctx.invoke<string>("payments:3", price, { name: "pay" });
    return { ...price, receipt };
  } catch (error) {
    return { ...price, declined: error instanceof InvokeError ? error.message : String(error) };
  }
}, config);

const pricing = durable(async (event: { amount: number }, ctx: DurableContext) => {
  const tax = await ctx.step("tax", () => Math.round(event.amount * 0.2));
  await ctx.wait("rate-limit", { minutes: 1 });
  return { total: event.amount + tax };
}, config);

test("chained invokes: a durable function runs as an execution of its own; a stub answers as a plain function", async (t) => {
  const runner = new LocalTestRunner({
    handler: checkout,
    functions: { pricing, payments: stubFunction((input: { total: number }) => `paid ${input.total}`) },
  });
  const result = await runner.run({ input: { amount: 100 } });
  t.deepEqual(result.result, { total: 120, receipt: "paid 120" });
  t.like(result.getOperation("price"), { type: "CHAINED_INVOKE", status: "SUCCEEDED", result: { total: 120 } });
  t.like(result.getOperation("pay"), { status: "SUCCEEDED", result: "paid 120" });
  // The invoked execution's own operations are its own: not in the caller's result.
  t.is(result.findOperation("tax"), undefined);
});

test("a stub that throws fails the invoke with the error's message", async (t) => {
  const payments = stubFunction(() => {
    throw new RangeError("card declined");
  });
  const result = await new LocalTestRunner({ handler: checkout, functions: { pricing, payments } }).run({ input: { amount: 10 } });
  t.deepEqual(result.result, { total: 12, declined: "card declined" });
  t.like(result.getOperation("pay").error, { ErrorType: "RangeError", ErrorMessage: "card declined" });
});

test('unregisteredFunctions: "fail-invoke" answers as Lambda does, for a test of how the workflow copes', async (t) => {
  const runner = new LocalTestRunner({ handler: checkout, functions: { pricing }, unregisteredFunctions: "fail-invoke" });
  const result = await runner.run({ input: { amount: 10 } });
  t.deepEqual(result.result, { total: 12, declined: "Function not found: payments:3" });
  t.like(result.getOperation("pay").error, { ErrorType: "ResourceNotFoundException" });
});

test("freshModulePerInvocation catches state kept in a module variable, which a warm process hides", async (t) => {
  const input = { amounts: [5, 7, 9] };
  const warm = await new LocalTestRunner({ handler: { module: fixture("module-state.ts"), export: "handler" } }).run({ input });
  t.deepEqual(warm.result, { total: 21 }, "in one warm process the bug does not show");

  const fresh = new LocalTestRunner({ handler: { module: fixture("module-state.ts"), export: "handler" }, freshModulePerInvocation: true });
  const caught = await fresh.run({ input });
  t.deepEqual(caught.result, { total: 0 }, "the last invocation replays every step in a new module: the total is lost");
  t.is(caught.invocations.length, 4);

  const fixed = await new LocalTestRunner({ handler: { module: fixture("module-state.ts"), export: "fixed" }, freshModulePerInvocation: true }).run({ input });
  t.deepEqual(fixed.result, { total: 21 }, "the fixed workflow passes with fresh modules too");
});

test("freshModulePerInvocation reloads a CommonJS module as well", async (t) => {
  const handler = { module: fixture("counter.cjs") };
  const fresh = new LocalTestRunner({ handler, freshModulePerInvocation: true });
  t.is((await fresh.run()).result, 1);
  t.is((await fresh.run()).result, 1);
  const cached = new LocalTestRunner({ handler });
  const first = (await cached.run()).result as number;
  t.is((await cached.run()).result, first + 1, "without it, the module and its counter are shared");
});

/** A handler that sends one checkpoint the SDK would never send, and reports how the service answered. */
function rawCheckpoint(update: Record<string, unknown>) {
  return async (event: DurableExecutionInvocationInput) => {
    try {
      await ambientClient()!.send({
        name: "CheckpointDurableExecution",
        input: { DurableExecutionArn: event.DurableExecutionArn, CheckpointToken: event.CheckpointToken, Updates: [update] },
      });
      return { Status: "SUCCEEDED" };
    } catch (error) {
      return { Status: "FAILED", Error: { ErrorType: (error as Error).name, ErrorMessage: (error as Error).message } };
    }
  };
}

test("the same engine as the service: a checkpoint over its limits is refused in the test with the service's words", async (t) => {
  const oversized = { Id: "1", Type: "STEP", Action: "SUCCEED", Name: "big", Payload: "x".repeat(6_291_457) };
  const result = await new LocalTestRunner({ handler: rawCheckpoint(oversized) }).run();

  // The engine on its own, answering the same request.
  const engine = new DurableEngine();
  const { arn } = engine.startExecution({ functionName: "fn" }, Date.now());
  const { event } = engine.beginInvocation(arn, Date.now());
  const direct = (() => {
    try {
      engine.checkpoint({ DurableExecutionArn: arn, CheckpointToken: event.CheckpointToken, Updates: [oversized as never] }, Date.now());
    } catch (error) {
      return error as Error;
    }
  })();
  t.is(direct?.name, "ValidationException");
  t.is(result.status, "FAILED");
  t.deepEqual(result.error, { ErrorType: direct!.name, ErrorMessage: direct!.message });
  t.regex(direct!.message, /at 'updates\.1\.member\.payload' failed to satisfy constraint: Member must have length less than or equal to 6291456/);

  const zeroWait = await new LocalTestRunner({ handler: rawCheckpoint({ Id: "2", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 0 } }) }).run();
  t.regex(zeroWait.error!.ErrorMessage!, /waitOptions\.waitSeconds' failed to satisfy constraint: Member must have value greater than or equal to 1/);
});

test("a handler module given by a relative path is found from the working directory", async (t) => {
  const handler = { module: "test/testing/local-test-runner-fixtures/module-state.ts", export: "fixed" };
  t.deepEqual((await new LocalTestRunner({ handler }).run({ input: { amounts: [1, 2] } })).result, { total: 3 });
  t.deepEqual((await new LocalTestRunner({ handler, freshModulePerInvocation: true }).run({ input: { amounts: [1, 2] } })).result, { total: 3 });
});
