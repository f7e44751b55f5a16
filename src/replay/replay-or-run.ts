import { defer, from, isObservable, NEVER, Observable, of, queueScheduler, subscribeOn, tap, throwError } from "rxjs";
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
 * A final outcome known without subscribing: what a replayed operation answers. It is
 * the memoized decision itself, so answering allocates nothing.
 */
export type Settled<T> = { readonly kind: "succeeded"; readonly answer: T } | { readonly kind: "failed"; readonly error: Error };

type Decision<T> =
  | { readonly kind: "inert" }
  | { readonly kind: "succeeded"; readonly answer: T | PromiseLike<T> | Observable<T> }
  | { readonly kind: "failed"; readonly error: Error }
  | { readonly kind: "execute"; readonly record: Operation | undefined };

/**
 * The one replay state machine every operation goes through (STYLE.md §7.3): look up
 * the record, check it is the same operation, then either answer from the history
 * without running anything or execute. The decision is taken once, when the operation
 * is first subscribed or awaited, and both ways share it: `observable()` for a
 * subscription, `settleNow()` for `await` on the replay hot path, which then needs no
 * subscription machinery at all. Replayed answers are delivered through the queue
 * scheduler, a trampoline, so a loop replaying thousands of operations synchronously
 * never grows the stack.
 *
 * A class rather than closures: a replay creates one per operation, thousands per
 * invocation, and its fields cost less than a closure context per method (bench W2).
 */
export class ReplayOrRun<T> {
  private decision: Decision<T> | undefined;
  private readonly subscribed: (() => void) | undefined;

  constructor(
    private readonly context: ContextScope,
    private readonly key: OperationKey,
    private readonly hooks: ReplayHooks<T>,
  ) {
    this.subscribed = context.invocation.dev?.track(describe(key), key.name === undefined, context.outstanding);
  }

  private decide(): Decision<T> {
    return (this.decision ??= decideOnce(this.context, this.key, this.hooks, this.subscribed));
  }

  /**
   * The decision, when the history holds a final outcome that needs no asynchronous
   * work (a plain deserialized value, or an error); undefined otherwise.
   */
  settleNow(): Settled<T> | undefined {
    const decided = this.decide();
    if (decided.kind === "failed") return decided;
    if (decided.kind === "succeeded" && isPlain(decided.answer)) return decided as Settled<T>;
    return undefined;
  }

  /** The operation as an Observable: decides on subscription, then replays or executes. */
  observable(): Observable<T> {
    return defer(() => this.deliver(this.decide()));
  }

  private deliver(decided: Decision<T>): Observable<T> {
    const { context, key, hooks } = this;
    switch (decided.kind) {
      case "inert":
        return NEVER;
      case "succeeded":
        return trampoline(defer(() => asObservable(decided.answer)));
      case "failed":
        return trampoline(throwError(() => decided.error));
      case "execute": {
        context.outstanding++;
        const startedAt = Date.now();
        return hooks.execute(decided.record).pipe(
          tap({
            next: () => announce(context, key, "operation.succeeded", decided.record, undefined, startedAt),
            error: (error: Error) => announce(context, key, "operation.failed", decided.record, error, startedAt),
            finalize: () => context.outstanding--,
          }),
        );
      }
    }
  }
}

/** The replay state machine of one operation (see {@link ReplayOrRun}). */
export function replayOrRun<T>(context: ContextScope, key: OperationKey, hooks: ReplayHooks<T>): ReplayOrRun<T> {
  return new ReplayOrRun(context, key, hooks);
}

function decideOnce<T>(context: ContextScope, key: OperationKey, hooks: ReplayHooks<T>, subscribed: (() => void) | undefined): Decision<T> {
  subscribed?.();
  const scope = context.invocation;
  if (!scope.live) return { kind: "inert" };
  const record = scope.state.get(key.id);
  if (record) {
    const mismatch = checkDeterminism(key, record);
    if (mismatch) {
      scope.poison(mismatch);
      return { kind: "inert" };
    }
  }
  const status = record?.Status;
  if (status === "SUCCEEDED" || (status && hooks.alsoSucceeded?.includes(status))) {
    context.noteRecord(false);
    announce(context, key, "operation.replayed", record);
    return { kind: "succeeded", answer: hooks.replayValue(record!) };
  }
  if (status === "FAILED" || status === "TIMED_OUT" || status === "STOPPED" || status === "CANCELLED") {
    context.noteRecord(false);
    const error = hooks.replayError(record!);
    announce(context, key, "operation.replayed", record, error);
    return { kind: "failed", error };
  }
  // A ReplayChildren context re-runs only to rebuild its result: unfinished work stays unfinished.
  if (context.replayOnly) return { kind: "inert" };
  context.noteRecord(true);
  // A new operation lengthens the history: at the service's limit it fails before sending anything.
  const overLimit = record ? undefined : scope.history.admit(() => describe(key));
  if (overLimit) {
    announce(context, key, "operation.failed", record, overLimit);
    return { kind: "failed", error: overLimit };
  }
  announce(context, key, "operation.started", record);
  return { kind: "execute", record };
}

const describe = (key: OperationKey) => `${key.type} ${key.name === undefined ? "(unnamed)" : JSON.stringify(key.name)} [${key.rawId}]`;

function trampoline<T>(source: Observable<T>): Observable<T> {
  return source.pipe(subscribeOn(queueScheduler));
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && typeof (value as PromiseLike<unknown> | undefined)?.then === "function";

/** A value that is neither an Observable nor a thenable: deliverable as it is. */
function isPlain<T>(value: T | PromiseLike<T> | Observable<T>): value is T {
  return !isObservable(value) && !isThenable(value);
}

function asObservable<T>(value: T | PromiseLike<T> | Observable<T>): Observable<T> {
  if (isObservable(value)) return value;
  if (isThenable(value)) return from(value as PromiseLike<T>);
  return of(value as T);
}

function announce(
  context: ContextScope,
  key: OperationKey,
  type: "operation.started" | "operation.replayed" | "operation.succeeded" | "operation.failed",
  record: Operation | undefined,
  error?: Error,
  startedAt?: number,
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
    durationMs: startedAt === undefined ? undefined : Date.now() - startedAt,
    error: error ? { name: error.name, message: error.message } : undefined,
  });
}
