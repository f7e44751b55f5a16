/**
 * Fails on purpose, to show how node:test reports the helpers' failures: a diagram that
 * does not match, and a Promise-bodied step. Run by node-test-runner.test.ts, which
 * expects this file to fail with both messages in node:test's output.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { of } from "rxjs";
import type { DurableContext } from "../../../src/index.js";
import { durableMarbles } from "../../../src/testing.js";

test("a diagram that does not match", () => {
  durableMarbles(assert.deepStrictEqual, ({ invocation, expectObservable }) => {
    expectObservable(invocation((_input: unknown, ctx: DurableContext) => ctx.step("a", () => of("actual")))).toBe("(x|)", { x: "expected" });
  });
});

test("a step body that returns a Promise", () => {
  durableMarbles(assert.deepStrictEqual, ({ invocation, expectObservable }) => {
    expectObservable(invocation((_input: unknown, ctx: DurableContext) => ctx.step("a", async () => 1))).toBe("(x|)", { x: 1 });
  });
});
