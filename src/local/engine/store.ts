import type { RecordWrite } from "./journal.js";
import type { ExecutionHeader, ExecutionRecord } from "./records.js";

export type { PositionedEntry, RecordChanges, RecordWrite } from "./journal.js";
export { MemoryExecutionStore } from "../store/memory-store.js";

/**
 * Where execution records live (ADR 0011). Synchronous on purpose: the engine's rules run
 * start to finish without yielding, so two requests can never interleave inside one
 * execution (better-sqlite3 is synchronous too).
 *
 * The engine works on live records: `get` hands out the store's in-memory copy (a store
 * on disk keeps recently used records cached), the engine changes it, and `commit`
 * persists what the journal says changed. One engine call is one `commit`, all or
 * nothing: if it throws, the store keeps nothing of it and the engine rolls the live
 * records back.
 *
 * The store also keeps the indexes the engine asks about between calls: names, due
 * times (one per operation, `deadlineOf` in timers.ts) and which executions wait for an
 * invocation, so no question costs a scan of every operation.
 */
export interface ExecutionStore {
  get(arn: string): ExecutionRecord | undefined;
  /** The ARN of the execution started under this durable execution name, for name idempotency. */
  findByName(functionName: string, qualifier: string, name: string): string | undefined;
  /** Persists the changes of one engine call, all or nothing. */
  commit(writes: readonly RecordWrite[]): void;
  /**
   * The executions of `functionName` (all when absent), oldest first, header fields only
   * (cheap on any store; `get` loads a whole record).
   */
  list(functionName?: string): Iterable<ExecutionHeader>;
  /** The earliest deadline of one RUNNING execution, or of all of them. */
  nextDueAt(arn?: string): number | undefined;
  /** Ids of the operations of `arn` whose deadline is at or before `now`. */
  dueOperations(arn: string, now: number): string[];
  /** RUNNING executions with a deadline at or before `now`. */
  dueExecutions(now: number): string[];
  /** RUNNING executions with no invocation running and changes none has seen yet. */
  executionsToInvoke(): string[];
  /** RUNNING executions whose record says an invocation is running. */
  executionsInvoking(): string[];
  /** Releases what the store holds open (a database file); the store is unusable afterwards. */
  close(): void;
}
