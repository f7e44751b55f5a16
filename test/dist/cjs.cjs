// Requires the built CJS files by package name and checks the dual-package brand.
const assert = require("node:assert/strict");
const { durable, DurableError, StepError } = require("durable-rx");
const { historyOf, invocationEvent, succeededStep } = require("durable-rx/testing");

(async () => {
  assert.ok(DurableError.is(new StepError("x")));
  const handler = durable(async (_event, ctx) => ctx.step("a", () => 0), {
    client: { send: async () => { throw new Error("no request expected"); } },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const output = await handler(invocationEvent(historyOf(succeededStep("1", 6, { name: "a" }))));
  assert.deepEqual(output, { Status: "SUCCEEDED", Result: "6" });
  console.log("dist CJS: ok");
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
