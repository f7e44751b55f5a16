import type { OperationType } from "../wire/types.js";

export type DurableEventType =
  | "invocation.started"
  | "invocation.suspended"
  | "invocation.completed"
  | "operation.started"
  | "operation.replayed"
  | "operation.succeeded"
  | "operation.failed"
  | "operation.retrying"
  | "operation.pending"
  | "checkpoint.flushed"
  | "limit.approaching"
  | "progress";

/**
 * A lifecycle event (API.md "DurableEvent"). The SDK's `ctx.events$` carries one
 * invocation's events, replayed operations included (tagged `replay: true`); the local
 * service's stream carries one event per change of an execution's history.
 *
 * | type | when (SDK) | `detail` |
 * | --- | --- | --- |
 * | `invocation.started` | the invocation begins, before the handler runs | `{ requestId, operations }` (history size) |
 * | `invocation.suspended` / `invocation.completed` | the boundary answers PENDING / SUCCEEDED, FAILED, or throws | the status, or `"THREW"` |
 * | `operation.started` | an operation executes (or resumes) in this invocation | |
 * | `operation.replayed` | an operation is answered from the history (`replay: true`) | |
 * | `operation.succeeded` / `operation.failed` | an executed operation emits / errors | |
 * | `operation.retrying` | a step's RETRY is acknowledged | `{ delaySeconds }` |
 * | `operation.pending` | an operation blocks on the service (a wait, a retry delay, a callback, an invoke) | `{ until? }` epoch ms |
 * | `checkpoint.flushed` | a checkpoint request is acknowledged | number of updates |
 * | `limit.approaching` | once per invocation, when a new operation takes the history past 80% of its limit | `{ limit: "operations", operations, max }` |
 * | `progress` | the workflow calls `ctx.progress(value)` | the value |
 */
export interface DurableEvent {
  readonly type: DurableEventType;
  readonly executionArn: string;
  readonly operationId?: string;
  /** The enclosing context's operation id; for `progress`, the publishing context's (absent at the root). */
  readonly parentId?: string;
  readonly name?: string;
  readonly operationType?: OperationType;
  readonly subType?: string;
  readonly attempt?: number;
  /**
   * True for what this invocation repeats from an earlier one: operations answered from
   * the history, and progress published by code the history shows already ran.
   */
  readonly replay: boolean;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly durationMs?: number;
  readonly error?: { readonly name: string; readonly message: string };
  /**
   * `progress` only: 1, 2, 3... per context (`parentId`), counted by every call of that
   * context's `progress`, replayed or not. `(executionArn, parentId, sequence)` names one
   * publication: a consumer that has seen it drops it (see `distinctProgress`).
   */
  readonly sequence?: number;
  /** Per type, see the table above. */
  readonly detail?: unknown;
}
