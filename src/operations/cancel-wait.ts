import { AsyncSubject, defer, EMPTY, from, NEVER, type Observable, concatMap, share, throwError } from "rxjs";
import type { ContextScope } from "../context/context-scope.js";
import type { InvocationScope } from "../context/invocation-scope.js";
import { ValidationError } from "../errors/index.js";
import { OperationId } from "../ids/index.js";
import { toEpochMs, type Operation, type OperationUpdate } from "../wire/types.js";
import { ThenableObservableImpl, type ThenableObservable } from "./thenable-observable.js";

/**
 * A wait due this soon is left to end by itself. The service accepts CANCEL only while
 * a wait is STARTED; one whose timer fires between our look at it and the CANCEL's
 * arrival would turn the CANCEL into a rejected request, which fails the execution.
 * A margin of local time keeps clear of that race (ADR 0021).
 */
export const CANCEL_MARGIN_MS = 2_000;

/** CANCELs asked for in each invocation, by wait id: a second request for one would be rejected. */
const requested = new WeakMap<InvocationScope, Map<string, Observable<void>>>();

/**
 * Ends an active wait early: sends WAIT `CANCEL`, and the branch waiting on it carries
 * on (a CANCELLED wait counts as over, live and on replay). Cold and awaitable: the
 * CANCEL goes out when this is subscribed or awaited, and it completes once the service
 * acknowledged it. A wait that has already ended, or that was never started, needs no
 * cancel: this then completes without a request. Nothing is recorded besides the wait's
 * own CANCELLED status, so no id is taken.
 *
 * @example
 * ```ts
 * const reminder = ctx.wait("reminder", { days: 3 });
 * reminder.subscribe(() => sendReminder());
 * await ctx.step("answered", () => awaitAnswer());
 * await ctx.cancelWait(reminder.id);
 * ```
 * @throws {@link ValidationError} synchronously when `target` is not an operation id (or an operation).
 */
export function cancelWait(context: ContextScope, target: string | { readonly id: string }): ThenableObservable<void> {
  const raw = typeof target === "object" && target !== null ? target.id : target;
  let id: OperationId;
  try {
    id = OperationId.parse(raw);
  } catch (error) {
    throw new ValidationError(`cancelWait: expected an operation id or an operation; ${(error as Error).message.replace(/^OperationId\.parse: /, "")}`);
  }
  const scope = context.invocation;
  return new ThenableObservableImpl(defer(() => (scope.live ? cancelWhenStarted(scope, id, true) : NEVER))) as unknown as ThenableObservable<void>;
}

/**
 * Sends CANCEL for wait `id` if the service holds it STARTED and not about to end.
 * When the history knows nothing of `id` yet, its START may be queued or in flight:
 * the queue is flushed first, then the service's answer decides. Once per wait per
 * invocation; every caller shares the one acknowledgement.
 *
 * @param strict `cancelWait` reports an id that is not a wait; a race's losers are simply skipped.
 */
export function cancelWhenStarted(scope: InvocationScope, id: string, strict: boolean): Observable<void> {
  let byId = requested.get(scope);
  if (!byId) requested.set(scope, (byId = new Map()));
  const earlier = byId.get(id);
  if (earlier) return earlier;
  const decided$ = defer(() => {
    const known = scope.state.get(id);
    if (known) return cancelIfStarted(scope, known, strict);
    return from(scope.checkpointer.flush()).pipe(concatMap(() => cancelIfStarted(scope, scope.state.get(id), strict)));
  });
  const shared$ = decided$.pipe(share({ connector: () => new AsyncSubject<void>(), resetOnError: false, resetOnComplete: false, resetOnRefCountZero: false }));
  byId.set(id, shared$);
  return shared$;
}

function cancelIfStarted(scope: InvocationScope, record: Operation | undefined, strict: boolean): Observable<void> {
  if (!record) return EMPTY;
  if (record.Type !== "WAIT") {
    return strict ? throwError(() => new ValidationError(`cancelWait: operation ${record.Id} is a ${record.Type}, not a WAIT`)) : EMPTY;
  }
  if (record.Status !== "STARTED") return EMPTY;
  const endsAt = toEpochMs(record.WaitDetails?.ScheduledEndTimestamp);
  if (endsAt !== undefined && endsAt - Date.now() < CANCEL_MARGIN_MS) return EMPTY;
  const update: OperationUpdate = { Id: record.Id, Type: "WAIT", Action: "CANCEL" };
  if (record.ParentId !== undefined) update.ParentId = record.ParentId;
  if (record.Name !== undefined) update.Name = record.Name;
  if (record.SubType !== undefined) update.SubType = record.SubType;
  // Gating: whoever awaits the cancel continues after the service has it.
  return scope.checkpointer.save(update, true);
}
