import { parseFunctionName } from "../local/service/chained-invokes.js";
import type { LocalServiceEvent } from "../local/service/history-to-event.js";
import type { ResolvedLimits } from "./local-test-runner-options.js";
import { bullets } from "./local-test-runner-situation.js";

/** The words of the runner's failures, each saying what it waited for and what to do. */

const DAY_MS = 86_400_000;

export function stuckMessage(situation: readonly string[]): string {
  const callback = situation.some((line) => line.includes("CALLBACK"));
  const hint = callback
    ? "\nAnswer the callback from the test (`await runner.callbacks.succeed(name, value)` or `.fail(name, error)`), " +
      "declare the answer up front (`run({ input, callbacks: { name: { succeed: value } } })`), or give it a timeout."
    : "";
  return `LocalTestRunner: the execution cannot finish by itself: nothing is running and no timer is due. It waits for:${bullets(situation)}${hint}`;
}

export function unregisteredMessage(event: LocalServiceEvent): string {
  const target = event.detail.functionName ?? "";
  const { functionName } = parseFunctionName(target);
  const operation = `CHAINED_INVOKE ${event.name === undefined ? event.operationId : `"${event.name}" (${event.operationId})`}`;
  return (
    `LocalTestRunner: the workflow invoked function "${target}" (${operation}), which is not registered with this runner. ` +
    `Register it: new LocalTestRunner({ handler, functions: { "${functionName}": durableHandler } }), or stubFunction((input) => result) for a plain function. ` +
    `(unregisteredFunctions: "fail-invoke" fails the invoke instead, as Lambda would.)`
  );
}

export function describeLimit(
  kind: "real-time" | "virtual-time" | "invocations",
  situation: readonly string[],
  at: { limits: ResolvedLimits; due?: number; startMs?: number },
): string {
  const waiting = `It waits for:${bullets(situation)}`;
  if (kind === "real-time") {
    return `LocalTestRunner: the run took more than ${at.limits.realTimeMs} ms of real time (limits.realTimeMs). ${waiting}`;
  }
  if (kind === "invocations") {
    return (
      `LocalTestRunner: the run made more than ${at.limits.invocations} invocations (limits.invocations): ` +
      `a workflow that never stops polling or retrying? ${waiting}`
    );
  }
  const days = ((at.due ?? 0) - (at.startMs ?? 0)) / DAY_MS;
  return (
    `LocalTestRunner: the next timer falls due at ${new Date(at.due ?? 0).toISOString()}, ${days.toFixed(1)} days after the run started, ` +
    `beyond limits.virtualTime (${at.limits.virtualTimeMs / DAY_MS} days). ${waiting}`
  );
}
