// Imports the built ESM files by package name (self-reference through `exports`) and runs a replay.
import assert from "node:assert/strict";
import { durable, Duration, Retry, DurableError, StepError } from "durable-rx";
import { historyOf, invocationEvent, succeededStep } from "durable-rx/testing";

assert.equal(typeof durable, "function");
assert.equal(Duration.minutes(2).toSeconds(), 120);
assert.equal(typeof Retry.presets.default, "function");
assert.ok(DurableError.is(new StepError("x")));
const handler = durable(async (_event, ctx) => ctx.step("a", () => 0), {
  client: { send: async () => { throw new Error("no request expected"); } },
  logger: { debug() {}, info() {}, warn() {}, error() {} },
});
const output = await handler(invocationEvent(historyOf(succeededStep("1", 5, { name: "a" }))));
assert.deepEqual(output, { Status: "SUCCEEDED", Result: "5" });
console.log("dist ESM: ok");
