import { currentActiveContext } from "../context/active-context.js";
import type { ContextScope } from "../context/context-scope.js";
import { hashOperationId } from "../ids/index.js";
import { TERMINAL_STATUSES } from "../wire/types.js";

/**
 * `ctx.progress(value)`: a `progress` event on `events$`, never checkpointed (progress is
 * news, not state). Workflow code runs again on every invocation, so the same call
 * publishes again; two things let a consumer keep only the first (ADR 0024):
 *
 * - `sequence`: the call's number among this context's `progress` calls (1, 2, 3...),
 *   counted whether anyone listens or not, so a replay numbers its calls as the first run
 *   did. `(executionArn, operationId, sequence)` names one publication.
 * - `replay: true` when the history proves the call already ran: it holds the operation
 *   this context creates next, or this context already finished. Progress published
 *   after the last checkpoint of an invocation that then ended (a crash, a timeout) is
 *   published again with `replay: false` and the same sequence: only the key catches it.
 *
 * Inside a step body the call belongs to the step: it runs only when the body does
 * (never on replay, again on a retry), so it carries the step's id, no sequence, and
 * `replay: false`.
 */
export function publishProgress(context: ContextScope, nextSequence: () => number, value: unknown): void {
  const scope = context.invocation;
  const active = currentActiveContext();
  const inStep = active?.kind === "step";
  // Counted before anything is dropped: the numbering must not depend on who listens.
  const sequence = inStep ? undefined : nextSequence();
  if (!scope.live || !scope.hasListeners) return;
  const owner = inStep ? active.rawId : context.rawId;
  scope.emit({
    type: "progress",
    executionArn: scope.settings.executionArn,
    ...(owner === undefined ? {} : { operationId: hashOperationId(owner) }),
    ...(sequence === undefined ? {} : { sequence }),
    replay: sequence !== undefined && alreadyRan(context),
    at: Date.now(),
    detail: value,
  });
}

/** The history shows this point of the context's code was passed in an earlier invocation. */
function alreadyRan(context: ContextScope): boolean {
  if (context.nextIsRecorded()) return true;
  const own = context.id === undefined ? undefined : context.invocation.state.get(context.id);
  return own !== undefined && TERMINAL_STATUSES.has(own.Status);
}
