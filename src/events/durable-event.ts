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
  | "progress";

/** A lifecycle event of one invocation (API.md "DurableEvent"). */
export interface DurableEvent {
  readonly type: DurableEventType;
  readonly executionArn: string;
  readonly operationId?: string;
  readonly parentId?: string;
  readonly name?: string;
  readonly operationType?: OperationType;
  readonly subType?: string;
  readonly attempt?: number;
  /** True for operations answered from the history rather than executed. */
  readonly replay: boolean;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly durationMs?: number;
  readonly error?: { readonly name: string; readonly message: string };
  /** `checkpoint.flushed`: updates in the request; `progress`: the published value. */
  readonly detail?: unknown;
}
