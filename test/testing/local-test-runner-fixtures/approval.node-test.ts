// LocalTestRunner under node:test (run by test/testing/local-test-runner-node-test.test.ts):
// nothing framework-specific, no fake timers; the runner's own bounds fail a test
// with a message rather than leaving it hanging.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { durable, type DurableContext } from "../../../src/index.js";
import { LocalTestRunner, LocalTestRunnerError } from "../../../src/testing.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const expense = durable(
  async (claim: { amount: number }, ctx: DurableContext) => {
    const approved = await ctx.waitForCallback<boolean>("manager", () => {}, { timeout: { days: 7 } });
    if (!approved) return "rejected";
    await ctx.wait("cool-off", { days: 1 });
    return ctx.step("pay", () => `paid ${claim.amount}`);
  },
  { logger: quiet, dev: false },
);

describe("expense approval", () => {
  it("pays once the manager approves, a day later", async () => {
    const runner = new LocalTestRunner({ handler: expense });
    const execution = runner.run({ input: { amount: 120 } });
    await runner.callbacks.succeed("manager", true);
    const result = await execution;
    assert.equal(result.status, "SUCCEEDED");
    assert.equal(result.result, "paid 120");
    assert.equal(result.getOperation("cool-off").endedAt! - result.getOperation("manager").endedAt!, 86_400_000);
  });

  it("rejects when the week passes without an answer", async () => {
    const result = await new LocalTestRunner({ handler: expense }).run({ input: { amount: 120 } });
    assert.equal(result.status, "FAILED");
    assert.match(result.error?.ErrorMessage ?? "", /timed out/i);
  });

  it("says what it waited for when the test waits for a callback that never starts", async () => {
    const runner = new LocalTestRunner({ handler: expense, limits: { idleMs: 100 } });
    const execution = runner.run({ input: { amount: 5 }, callbacks: { manager: { succeed: false } } });
    await assert.rejects(runner.callbacks.waitFor("director"), (error: unknown) => {
      assert.ok(error instanceof LocalTestRunnerError);
      assert.match(error.message, /callback "director" never started: the execution ended SUCCEEDED/);
      return true;
    });
    assert.equal((await execution).result, "rejected");
  });
});
