import { NEVER, type Observable } from "rxjs";
import type { ContextScope } from "../context/context-scope.js";
import { updateOverLimit } from "../checkpoint/limits.js";
import { retryEvent } from "../events/record-event.js";
import type { OperationKey } from "../replay/determinism.js";
import type { SerdesContext } from "../serdes/index.js";
import type { OperationUpdate } from "../wire/types.js";

/** The part of an update that varies; identity fields come from the operation. */
export type UpdateBody = Omit<OperationUpdate, "Id" | "ParentId" | "Name" | "Type" | "SubType">;

/** What an operation's code needs besides its own logic: identity, checkpointing, serdes context. */
export interface OperationRuntime {
  readonly context: ContextScope;
  readonly key: OperationKey;
  readonly serdesContext: SerdesContext;
  /** Queues an update for this operation; completes when acknowledged (see Checkpointer.save). */
  save(body: UpdateBody, gating: boolean): Observable<void>;
}

export function operationRuntime(context: ContextScope, key: OperationKey): OperationRuntime {
  const scope = context.invocation;
  return {
    context,
    key,
    serdesContext: serdesContext(context, key),
    save(body, gating) {
      // Inside a batch that already completed: dropped, and never acknowledged (PROTOCOL.md §8).
      if (context.finished) return NEVER;
      const update: OperationUpdate = { Id: key.id, Type: key.type, SubType: key.subType, ...body };
      if (context.id !== undefined) update.ParentId = context.id;
      if (key.name !== undefined) update.Name = key.name;
      // Never send what the service would refuse: it would fail the execution far from its cause.
      const overLimit = updateOverLimit(update);
      if (overLimit) {
        scope.poison(overLimit);
        return NEVER;
      }
      const saved$ = scope.checkpointer.save(update, gating);
      // `operation.retrying` once the RETRY is durable (the acknowledgement replays to late subscribers).
      if (update.Action === "RETRY") {
        saved$.subscribe({ complete: () => scope.hasListeners && scope.emit(retryEvent(scope.settings.executionArn, update, scope.state.get(key.id))) });
      }
      return saved$;
    },
  };
}

/** What a serdes is told about the operation whose value it handles. */
export function serdesContext(context: ContextScope, key: OperationKey): SerdesContext {
  return { entityId: key.rawId, durableExecutionArn: context.invocation.settings.executionArn };
}
