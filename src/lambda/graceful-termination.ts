import { runDetached } from "../context/active-context.js";
import { DurableError } from "../errors/index.js";
import type { InvocationScope } from "../context/invocation-scope.js";
import type { DurableExecutionInvocationOutput } from "../wire/types.js";
import type { LambdaContextLike } from "./lambda-context.js";

/** The default safety margin before Lambda's timeout (ADR 0028). */
export const DEFAULT_TERMINATION_MARGIN_MS = 2_000;

/**
 * The margin an invocation ends with: the configured one as given (0 turns graceful
 * termination off); by default 2 s, but never more than a quarter of the time the
 * invocation had when it began, so a 3-second function still gets 2.25 s of work.
 */
export function terminationMargin(configured: number | undefined, remainingAtStart: number): number {
  if (configured !== undefined) return configured;
  return Math.min(DEFAULT_TERMINATION_MARGIN_MS, Math.floor(remainingAtStart / 4));
}

/**
 * Expires `scope` `marginMs` before Lambda's timeout, as `getRemainingTimeInMillis()`
 * tells it. The timer dies with the invocation; when it fires early (the remaining time
 * is read again) it is armed again. A context without a remaining time arms nothing.
 * Returns the disarm, for when the invocation was decided first.
 */
export function armDeadline(scope: InvocationScope, lambdaContext: LambdaContextLike, configured: number | undefined): () => void {
  const remaining = remainingMs(lambdaContext);
  if (remaining === undefined) return () => {};
  const margin = terminationMargin(configured, remaining);
  if (margin <= 0) return () => {};
  let timer: NodeJS.Timeout | undefined;
  const arm = (left: number) =>
    // Outside user code's async context; unref'd, so an invocation abandoned in process
    // (a local runner's timeout) never holds the process open for its deadline alone.
    runDetached(() => {
      timer = setTimeout(() => {
        const now = remainingMs(lambdaContext) ?? 0;
        if (now > margin) arm(now);
        else scope.expire();
      }, Math.max(0, left - margin));
      timer.unref();
    });
  arm(remaining);
  return () => clearTimeout(timer);
}

function remainingMs(lambdaContext: LambdaContextLike): number | undefined {
  if (typeof lambdaContext.getRemainingTimeInMillis !== "function") return undefined;
  const left = lambdaContext.getRemainingTimeInMillis();
  return typeof left === "number" && Number.isFinite(left) ? left : undefined;
}

/**
 * Ends an invocation whose deadline came (DESIGN.md "Suspension"): nothing new starts
 * (the scope is no longer live), each running step is recorded as an interrupted
 * attempt (RETRY with StepInterruptedError, or FAIL when its retry strategy has no
 * attempts left), later updates are refused, and everything queued is flushed. The
 * answer is PENDING only when something will make the service invoke the function
 * again (a retry just scheduled, a wait, a retry delay, a callback or an invoke); with
 * nothing to wake the execution the invocation throws, so Lambda retries it, and the
 * retry replays what was saved and carries on.
 */
export async function endAtDeadline(
  scope: InvocationScope,
  terminal: (error: DurableError) => DurableExecutionInvocationOutput,
): Promise<DurableExecutionInvocationOutput> {
  const retrying = scope.interruptRunning();
  scope.checkpointer.seal();
  await scope.checkpointer.flush();
  // A checkpoint that failed meanwhile is answered as any checkpoint failure is (PROTOCOL.md §8).
  if (scope.poisonedWith) return terminal(scope.poisonedWith);
  if (retrying || scope.blockedOperations > 0) return { Status: "PENDING" };
  throw DurableError.invocation(
    "The invocation reached its deadline before Lambda's timeout with nothing scheduled to resume it; " +
      "Lambda retries the invocation, which replays what was saved and carries on.",
  );
}
