import { catchError, concat, defer, filter, from, ignoreElements, map, mergeMap, type Observable, of, range, takeWhile, tap } from "rxjs";
import type { ContextScope } from "../../context/context-scope.js";
import { ensureError, SerdesError } from "../../errors/index.js";
import { hashOperationId } from "../../ids/index.js";
import type { Serdes } from "../../serdes/index.js";
import { childContext, type ContextFactory } from "../child-context.js";
import type { DurableOperation } from "../durable-operation.js";
import { batchSerdes, type BatchResultType, type BuildBatch } from "./batch-codec.js";
import { BatchItems, type ItemPlan } from "./batch-items.js";
import type { BatchItem, BatchResult } from "./batch-result.js";
import { encodeSummary, parseSummary } from "./batch-summary.js";
import { BatchTally, type ItemOutcome } from "./batch-tally.js";
import { completionReason, type CompletionConfig, type CompletionReason } from "./completion-config.js";
import { asReplayed } from "./item-error.js";

/** Everything map and parallel have decided by the time they are called. */
export interface BatchPlan<I, T, B, C> extends Omit<ItemPlan<I, T, C>, "itemSerdes"> {
  /** `Map` / `Parallel`. */
  readonly subType: string;
  readonly resultType: BatchResultType;
  readonly maxConcurrency: number;
  readonly completion: CompletionConfig;
  readonly itemSerdes: Serdes<T> | undefined;
  readonly build: BuildBatch<T, B>;
}

/** The part of the plan that decides which items run and when the batch is complete. */
type Schedule = Pick<BatchPlan<unknown, unknown, unknown, unknown>, "names" | "completion" | "maxConcurrency" | "nesting">;

interface Completed<T> {
  readonly all: BatchItem<T>[];
  readonly reason: CompletionReason;
}

/**
 * A map or parallel: a child context (CONTEXT `Map` / `Parallel`) whose function runs
 * the items with `mergeMap(item, maxConcurrency)` until the completion policy is met,
 * and whose result is the BatchResult (PROTOCOL.md §6.6). It always SUCCEEDs: items
 * that failed are in the result, not thrown. Built on childContext, so it replays
 * like one: a stored result answers at once; a result over 256 KiB is stored as a
 * summary (with ReplayChildren) and rebuilt from exactly the items it lists.
 */
export function runBatch<I, T, B extends BatchResult<T, unknown>, C>(
  context: ContextScope,
  owner: object,
  makeContext: ContextFactory<C>,
  name: string | undefined,
  plan: BatchPlan<I, T, B, C>,
): DurableOperation<B> {
  const itemSerdes = plan.itemSerdes ?? (context.invocation.settings.serdes as Serdes<T>);
  const itemPlan: ItemPlan<I, T, C> = { ...plan, itemSerdes };
  // The batch's function needs its scope (to start items in it, and to finish it early), not only its facade.
  const scopes = new WeakMap<object, ContextScope>();
  const remember: ContextFactory<C> = (scope) => {
    const facade = makeContext(scope);
    scopes.set(facade as object, scope);
    return facade;
  };
  return childContext<B, C>(
    context,
    owner,
    remember,
    name,
    (facade) => {
      const scope = scopes.get(facade as object)!;
      const items = new BatchItems(scope, facade, makeContext, itemPlan);
      const completed$ = scope.replayOnly ? rebuild(scope, plan, items) : execute(scope, plan, items);
      return completed$.pipe(map(({ all, reason }) => plan.build(all, reason, plan.names.length)));
    },
    {
      subType: plan.subType,
      serdes: batchSerdes(plan.resultType, itemSerdes, plan.build),
      summary: (batch) => encodeSummary(plan.resultType, batch),
    },
  );
}

/**
 * Starts items in index order, at most `maxConcurrency` at once, and tallies each
 * outcome until the policy says the batch is complete. Then it stops starting items
 * and finishes the batch's scope at once, so items still running are detached and
 * their later updates dropped (PROTOCOL.md §8).
 */
function execute<T>(scope: ContextScope, plan: Schedule, items: { start(index: number): Observable<T> }): Observable<Completed<T>> {
  return defer(() => {
    const tally = new BatchTally<T>(plan.names, plan.completion);
    const empty = tally.reason;
    if (empty !== undefined) return of({ all: [], reason: empty });
    return range(0, plan.names.length).pipe(
      mergeMap((index) => {
        tally.start(index);
        return outcomeOf(items.start(index), index);
      }, plan.maxConcurrency),
      map((outcome) => tally.record(outcome)),
      takeWhile((reason) => reason === undefined, true),
      filter((reason): reason is CompletionReason => reason !== undefined),
      // Before takeWhile unsubscribes the items: nothing of theirs may be sent from here on.
      tap(() => scope.finish()),
      map((reason) => ({ all: tally.all(), reason })),
    );
  });
}

/**
 * A batch stored as a summary: replays exactly the items it lists as finished (each
 * answers from its own record), lists the ones it marks STARTED without running them,
 * and runs nothing else.
 */
function rebuild<T>(scope: ContextScope, plan: Schedule, items: { start(index: number): Observable<T> }): Observable<Completed<T>> {
  return defer(() => {
    const summary = parseSummary(scope.invocation.state.get(scope.id!)?.ContextDetails?.Result) ?? summaryFromRecords(scope, plan);
    const tally = new BatchTally<T>(plan.names, plan.completion);
    for (const index of summary.started) tally.start(index);
    const finished = [...summary.succeeded, ...summary.failed].sort((a, b) => a - b);
    return concat(
      from(finished).pipe(
        mergeMap((index) => outcomeOf(items.start(index), index)),
        tap((outcome) => tally.record(outcome)),
        ignoreElements(),
      ),
      defer(() => of({ all: tally.all(), reason: summary.completionReason })),
    );
  });
}

/**
 * Another SDK's summary (or none): a nested batch's items have records of their own
 * to read the set from. A flat batch's items do not, and durable-rx always stores its
 * summary, so that history was not written by this code.
 */
function summaryFromRecords(scope: ContextScope, plan: Schedule) {
  if (plan.nesting === "flat") {
    throw new SerdesError(`Deserialization failed for operation "${scope.rawId}": the batch summary is unreadable and flat items have no records`);
  }
  const succeeded: number[] = [];
  const failed: number[] = [];
  const started: number[] = [];
  plan.names.forEach((_name, index) => {
    const status = scope.invocation.state.get(hashOperationId(`${scope.rawId}-${index + 1}`))?.Status;
    if (status === "SUCCEEDED") succeeded.push(index);
    else if (status === "FAILED" || status === "TIMED_OUT" || status === "STOPPED" || status === "CANCELLED") failed.push(index);
    else if (status !== undefined) started.push(index);
  });
  const counts = { succeeded: succeeded.length, failed: failed.length, total: plan.names.length };
  return { succeeded, failed, started, completionReason: completionReason(plan.completion, counts) ?? "ALL_COMPLETED" };
}

/** An item's outcome as a value: a failed item is part of the result, with the error a replay would give. */
function outcomeOf<T>(item$: Observable<T>, index: number): Observable<ItemOutcome<T>> {
  return item$.pipe(
    map((result): ItemOutcome<T> => ({ index, ok: true, result })),
    catchError((error: unknown) => of<ItemOutcome<T>>({ index, ok: false, error: asReplayed(ensureError(error)) })),
  );
}
