import { Observable } from "rxjs";
import type { InvocationScope } from "../context/invocation-scope.js";
import { recordEvent } from "../events/record-event.js";
import { toEpochMs, type Operation } from "../wire/types.js";

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;
/** Time left for the final flush and the answer when Lambda's deadline is near. */
const DEADLINE_MARGIN_MS = 2_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits until the service moves operation `id` to a state `done` accepts. Meanwhile
 * the operation is blocked (it cannot finish by itself, so it may let the invocation
 * suspend). If other work keeps the invocation alive, a refresh checkpoint asks the
 * service at the operation's due time, then with back-off from 1 s to 10 s within
 * the time Lambda has left: the service, never the local clock, decides that a wait
 * is over or a retry is due.
 */
export function awaitStatus(
  scope: InvocationScope,
  id: string,
  done: (operation: Operation) => boolean,
  dueAt: (operation: Operation | undefined) => number | undefined,
): Observable<Operation> {
  return new Observable<Operation>((subscriber) => {
    const current = scope.state.get(id);
    if (current && done(current)) {
      subscriber.next(current);
      subscriber.complete();
      return;
    }
    const unblock = scope.block();
    if (scope.hasListeners) {
      const until = dueAt(current);
      scope.emit(recordEvent("operation.pending", scope.settings.executionArn, id, current, { detail: until === undefined ? {} : { until } }));
    }
    let cancelTimer = () => {};
    let backoff = MIN_BACKOFF_MS;
    const arm = (at: number) => {
      const remaining = scope.settings.lambdaContext.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
      const delay = Math.max(0, at - Date.now());
      // Suspension will answer before then (and setTimeout cannot count past ~24.8 days).
      if (delay > remaining - DEADLINE_MARGIN_MS || delay > MAX_TIMER_MS) return;
      cancelTimer = scope.setTimer(() => {
        scope.checkpointer.refresh();
        arm(Date.now() + backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }, delay);
    };
    const stopWatching = scope.state.watch(id, (operation) => {
      if (!done(operation)) return;
      teardown();
      subscriber.next(operation);
      subscriber.complete();
    });
    const teardown = () => {
      stopWatching();
      cancelTimer();
      unblock();
    };
    arm(dueAt(current) ?? Date.now() + MIN_BACKOFF_MS);
    return teardown;
  });
}

/**
 * A step-like operation (a step, a waitForCondition) that sent RETRY: its next attempt
 * is due when the service moves it on from PENDING (never by the local clock alone).
 */
export function awaitNextAttempt(scope: InvocationScope, operationId: string): Observable<Operation> {
  return awaitStatus(
    scope,
    operationId,
    (operation) => operation.Status !== "PENDING",
    (operation) => toEpochMs(operation?.StepDetails?.NextAttemptTimestamp),
  );
}
