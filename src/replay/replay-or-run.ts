import { defer, finalize, from, isObservable, NEVER, Observable, of, queueScheduler, subscribeOn, tap, throwError } from "rxjs";
import type { ContextScope } from "../context/context-scope.js";
import type { Operation } from "../wire/types.js";
import { checkDeterminism, type OperationKey } from "./determinism.js";

export interface ReplayHooks<T> {
  /** A SUCCEEDED record → the value the live run emitted (deserialize; may be async). */
  replayValue(record: Operation): T | PromiseLike<T> | Observable<T>;
  /** A FAILED (TIMED_OUT, STOPPED, CANCELLED) record → the error the live run delivered. */
  replayError(record: Operation): Error;
  /** No record, or one still in progress (STARTED, PENDING, READY): do the work. */
  execute(record: Operation | undefined): Observable<T>;
  /** Statuses that count as success besides SUCCEEDED (a cancelled wait is over). */
  readonly alsoSucceeded?: readonly string[];
}

/**
 * The one replay state machine every operation goes through (STYLE.md §7.3): look up
 * the record, check it is the same operation, then either answer from the history
 * without running anything or execute. Replayed answers are delivered through the
 * queue scheduler, a trampoline, so a loop replaying thousands of operations
 * synchronously never grows the stack.
 */
export function replayOrRun<T>(context: ContextScope, key: OperationKey, hooks: ReplayHooks<T>): Observable<T> {
  const subscribed = context.invocation.dev?.track(describe(key), key.name === undefined, context.outstanding);
  return defer(() => {
    subscribed?.();
    const scope = context.invocation;
    if (!scope.live) return NEVER;
    const record = scope.state.get(key.id);
    if (record) {
      const mismatch = checkDeterminism(key, record);
      if (mismatch) {
        scope.poison(mismatch);
        return NEVER;
      }
    }
    const status = record?.Status;
    if (status === "SUCCEEDED" || (status && hooks.alsoSucceeded?.includes(status))) {
      context.noteRecord(false);
      announce(context, key, "operation.replayed", record);
      return trampoline(defer(() => asObservable(hooks.replayValue(record!))));
    }
    if (status === "FAILED" || status === "TIMED_OUT" || status === "STOPPED" || status === "CANCELLED") {
      context.noteRecord(false);
      announce(context, key, "operation.replayed", record);
      return trampoline(throwError(() => hooks.replayError(record!)));
    }
    // A ReplayChildren context re-runs only to rebuild its result: unfinished work stays unfinished.
    if (context.replayOnly) return NEVER;
    context.noteRecord(true);
    announce(context, key, "operation.started", record);
    context.outstanding++;
    return hooks.execute(record).pipe(
      finalize(() => context.outstanding--),
      tap({
        next: () => announce(context, key, "operation.succeeded", record),
        error: (error: Error) => announce(context, key, "operation.failed", record, error),
      }),
    );
  });
}

const describe = (key: OperationKey) => `${key.type} ${key.name === undefined ? "(unnamed)" : JSON.stringify(key.name)} [${key.rawId}]`;

function trampoline<T>(source: Observable<T>): Observable<T> {
  return source.pipe(subscribeOn(queueScheduler));
}

function asObservable<T>(value: T | PromiseLike<T> | Observable<T>): Observable<T> {
  if (isObservable(value)) return value;
  if (value !== null && typeof (value as PromiseLike<T>)?.then === "function") return from(value as PromiseLike<T>);
  return of(value as T);
}

function announce(
  context: ContextScope,
  key: OperationKey,
  type: "operation.started" | "operation.replayed" | "operation.succeeded" | "operation.failed",
  record: Operation | undefined,
  error?: Error,
): void {
  const scope = context.invocation;
  if (!scope.hasListeners) return;
  scope.emit({
    type,
    executionArn: scope.settings.executionArn,
    operationId: key.id,
    parentId: context.id,
    name: key.name,
    operationType: key.type,
    subType: key.subType,
    attempt: record?.StepDetails?.Attempt,
    replay: type === "operation.replayed",
    at: Date.now(),
    error: error ? { name: error.name, message: error.message } : undefined,
  });
}
