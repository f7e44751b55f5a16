import { catchError, type Observable, throwError } from "rxjs";
import { runInActiveContext, type ActiveContext } from "../../context/active-context.js";
import { ContextScope } from "../../context/context-scope.js";
import { ensureError, toErrorObject } from "../../errors/index.js";
import { hashOperationId } from "../../ids/index.js";
import type { Serdes } from "../../serdes/index.js";
import { childContext, childError, type ContextFactory } from "../child-context.js";
import { runBody } from "../run-body.js";

/** What running one item needs, whichever way it is nested. */
export interface ItemPlan<I, T, C> {
  readonly items: readonly I[];
  readonly names: readonly string[];
  readonly run: (context: C, item: I, index: number) => T | PromiseLike<T> | Observable<T>;
  readonly nesting: "nested" | "flat";
  /** `MapIteration` / `ParallelBranch`. */
  readonly itemSubType: string;
  readonly itemSerdes: Serdes<T>;
}

/**
 * Starts the items of one batch, inside the batch's context. Item `i` is always id
 * `i + 1` of that context (`n-(i+1)`, PROTOCOL.md §4), whether or not the items
 * before it were ever started: ids follow the input's order, never completion order.
 *
 * - `nested` (default): each item is a child context, a CONTEXT `MapIteration` /
 *   `ParallelBranch` of its own, so the one replay state machine answers a finished
 *   item from its record without running it.
 * - `flat`: each item runs in a virtual context that has the item's id prefix but no
 *   CONTEXT operation; its operations hang directly under the batch's CONTEXT and a
 *   replay runs the item's function again over them (ADR 0022).
 */
export class BatchItems<I, T, C> {
  private allocated = 0;
  /** Item operations are created as the batch's own code, wherever the last item's completion was delivered. */
  private readonly marker: ActiveContext;

  constructor(
    private readonly scope: ContextScope,
    private readonly facade: C,
    private readonly makeContext: ContextFactory<C>,
    private readonly plan: ItemPlan<I, T, C>,
  ) {
    this.marker = { kind: "context", rawId: scope.rawId ?? "", owner: facade as object };
  }

  /** Item `index`'s outcome; indices must be started in increasing order. */
  start(index: number): Observable<T> {
    if (index < this.allocated) throw new Error(`internal: batch item ${index} started out of order`);
    // Skipped items (not in a replayed summary) still own their ids.
    while (this.allocated < index) {
      this.scope.nextIdentity();
      this.allocated++;
    }
    this.allocated++;
    return runInActiveContext(this.marker, () => (this.plan.nesting === "flat" ? this.flat(index) : this.nested(index)));
  }

  private nested(index: number): Observable<T> {
    const { items, names, run, itemSubType, itemSerdes } = this.plan;
    return childContext<T, C>(
      this.scope,
      this.facade as object,
      this.makeContext,
      names[index],
      (context) => run(context, items[index], index),
      { subType: itemSubType, serdes: itemSerdes },
      { queuedCompletion: true },
    );
  }

  private flat(index: number): Observable<T> {
    const { items, run } = this.plan;
    const identity = this.scope.nextIdentity();
    const invocation = this.scope.invocation;
    const itemScope = new ContextScope(invocation, identity.rawId, {
      replaying: invocation.state.get(hashOperationId(`${identity.rawId}-1`)) !== undefined,
      replayOnly: this.scope.replayOnly,
      parent: this.scope,
      id: this.scope.id,
    });
    const facade = this.makeContext(itemScope);
    return runBody<T, C>({
      scope: invocation,
      marker: { kind: "context", rawId: identity.rawId, owner: facade as object },
      makeContext: () => facade,
      body: (context) => run(context, items[index], index),
    }).pipe(
      // The same error a nested item delivers, live and on replay.
      catchError((error: unknown) => throwError(() => childError(toErrorObject(ensureError(error))))),
    );
  }
}
