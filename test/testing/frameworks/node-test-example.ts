/**
 * The testing tools under node:test, with node:assert: no ava, no global fake timers.
 * Run by test/testing/node-test-runner.test.ts as `node --import tsx --test <this file>`;
 * docs/testing.md shows the same for Vitest and Jest.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { concat, ignoreElements, of } from "rxjs";
import type { DurableContext } from "../../../src/index.js";
import { assertReplays, durableMarbles, historyOf, loadHistory, succeededStep } from "../../../src/testing.js";
import { orderHandler } from "../../fixtures/order-workflow.js";

const workflow = (_input: unknown, ctx: DurableContext) =>
  concat(ctx.step("a", () => of("a")), ctx.step("b", () => of("b")), ctx.wait("w", { seconds: 5 }).pipe(ignoreElements()), ctx.step("c", () => of("c")));

test("a whole execution on the service-time axis", () => {
  durableMarbles(assert.deepStrictEqual, ({ execute, expectExecution }) => {
    expectExecution(execute(workflow)).toBe("(ab) 5s (c|)");
  });
});

test("a replayed history answers in one frame", () => {
  durableMarbles(assert.deepStrictEqual, ({ invocation, expectObservable }) => {
    const history = historyOf(succeededStep("1", "A", { name: "a" }), succeededStep("2", "B", { name: "b" }));
    expectObservable(invocation(workflow, history)).toBe("(AB)");
  });
});

test("the order workflow still replays its recorded history", async () => {
  await assertReplays(orderHandler, loadHistory(fileURLToPath(new URL("../../fixtures/order.history.json", import.meta.url))));
});
