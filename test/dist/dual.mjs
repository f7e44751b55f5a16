// The dual-package hazard of the side channel: a service loaded as ESM hands its client to
// a handler built with the CJS copy of durable-rx, which has no client configured.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { runToCompletion } from "durable-rx/local";

const require = createRequire(import.meta.url);
const { durable } = require("durable-rx");
const handler = durable(async (_event, ctx) => ctx.step("a", () => 41 + 1), {
  logger: { debug() {}, info() {}, warn() {}, error() {} },
});
const run = await runToCompletion(handler);
assert.equal(run.status, "SUCCEEDED");
assert.equal(run.result, "42");
console.log("dist ESM service + CJS handler: ok");
