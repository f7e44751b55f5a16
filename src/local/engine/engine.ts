import type {
  CheckpointDurableExecutionInput,
  CheckpointDurableExecutionOutput,
  ErrorObject,
  GetDurableExecutionStateInput,
  GetDurableExecutionStateOutput,
} from "../../wire/types.js";
import {
  callbackArn,
  completeCallback,
  completeChainedInvoke,
  heartbeatCallback,
  type ChainedInvokeOutcome,
} from "./callbacks.js";
import { applyCheckpoint, type CheckpointConfig } from "./checkpoint.js";
import { resolveEngineOptions, type DurableEngineOptions } from "./engine-options.js";
import { EngineError } from "./engine-error.js";
import {
  assertSameStart,
  createExecutionRecord,
  resolveStart,
  stopExecution,
  type ArnConfig,
  type StartExecutionParams,
} from "./executions.js";
import type { EngineIds } from "./ids.js";
import {
  beginInvocation,
  completeInvocation,
  type InvocationConfig,
  type InvocationEnd,
  type InvocationOutcome,
  type InvocationStart,
} from "./invocations.js";
import {
  describeExecution,
  getHistory,
  listExecutions,
  type ExecutionDescription,
  type ListQuery,
  type PageQuery,
} from "./queries.js";
import { Journal, hasChanges } from "./journal.js";
import type { ExecutionRecord, HistoryEvent } from "./records.js";
import { getExecutionState } from "./state.js";
import type { ExecutionStore } from "./store.js";
import { fireDue } from "./timers.js";

export type { DurableEngineOptions };

/**
 * The durable-execution service's rules behind one object: the HTTP service, the
 * in-process client and the test runner all drive this class, so they cannot drift.
 * It never reads a clock; every mutating call takes `now` (epoch ms).
 *
 * Each mutating call is one transaction (ADR 0011): it takes the live record from the
 * store, opens a journal on it, applies one rule module, and commits what the journal
 * recorded. If anything throws (a rule's validation, or the store mid-write), the
 * journal rolls the record back and the store keeps nothing, so a checkpoint request is
 * applied entirely or not at all.
 */
export class DurableEngine {
  readonly store: ExecutionStore;
  readonly ids: EngineIds;
  readonly arnConfig: ArnConfig;
  private readonly checkpointConfig: CheckpointConfig;
  private readonly invocationConfig: InvocationConfig;

  constructor(options: DurableEngineOptions = {}) {
    ({
      store: this.store,
      ids: this.ids,
      arnConfig: this.arnConfig,
      checkpointConfig: this.checkpointConfig,
      invocationConfig: this.invocationConfig,
    } = resolveEngineOptions(options));
  }

  /** Starts an execution, or returns the one already started under the same name and payload. */
  startExecution(params: StartExecutionParams, now: number): { arn: string; created: boolean } {
    if (params.name !== undefined) {
      const { functionName, qualifier, name, input } = resolveStart(params, this.ids);
      const existingArn = this.store.findByName(functionName, qualifier, name);
      const existing = existingArn === undefined ? undefined : this.store.get(existingArn);
      if (existing) {
        assertSameStart(existing, input);
        return { arn: existing.arn, created: false };
      }
    }
    const record = createExecutionRecord(params, now, this.ids, this.arnConfig);
    this.transact([record], () => undefined, true);
    return { arn: record.arn, created: true };
  }

  beginInvocation(arn: string, now: number): InvocationStart {
    return this.mutate(arn, (record) => beginInvocation(record, now, this.ids, this.invocationConfig));
  }

  completeInvocation(arn: string, outcome: InvocationOutcome, now: number): InvocationEnd {
    return this.mutate(arn, (record) => completeInvocation(record, outcome, now, this.invocationConfig));
  }

  checkpoint(input: CheckpointDurableExecutionInput, now: number): CheckpointDurableExecutionOutput {
    return this.mutate(input.DurableExecutionArn, (record) => {
      // The real service's timers run on its own clock: a wait that came due while the
      // invocation is alive is already over when the next checkpoint (or refresh) arrives.
      if (record.status === "RUNNING") fireDue(record, now, this.store.dueOperations(record.arn, now));
      return applyCheckpoint(record, input, now, this.ids, this.checkpointConfig);
    });
  }

  getExecutionState(input: GetDurableExecutionStateInput): GetDurableExecutionStateOutput {
    return getExecutionState(this.load(input.DurableExecutionArn), input);
  }

  succeedCallback(callbackId: string, result: string | undefined, now: number): { arn: string } {
    return this.onCallback(callbackId, (record) => completeCallback(record, callbackId, { kind: "succeed", result }, now));
  }

  failCallback(callbackId: string, error: ErrorObject | undefined, now: number): { arn: string } {
    return this.onCallback(callbackId, (record) => completeCallback(record, callbackId, { kind: "fail", error }, now));
  }

  heartbeatCallback(callbackId: string, now: number): { arn: string } {
    return this.onCallback(callbackId, (record) => heartbeatCallback(record, callbackId, now));
  }

  completeChainedInvoke(arn: string, operationId: string, outcome: ChainedInvokeOutcome, now: number): void {
    this.mutate(arn, (record) => completeChainedInvoke(record, operationId, outcome, now));
  }

  stopExecution(arn: string, error: ErrorObject | undefined, now: number): { StopTimestamp: number } {
    return this.mutate(arn, (record) => stopExecution(record, error, now));
  }

  describeExecution(arn: string, includeExecutionData = true): ExecutionDescription {
    return describeExecution(this.load(arn), this.arnConfig, includeExecutionData);
  }

  getHistory(
    arn: string,
    query: PageQuery & { IncludeExecutionData?: boolean } = {},
  ): { Events: HistoryEvent[]; NextMarker?: string } {
    return getHistory(this.load(arn), query);
  }

  listExecutions(query: ListQuery): ReturnType<typeof listExecutions> {
    return listExecutions(this.store.list(query.FunctionName), query, this.arnConfig);
  }

  /** The earliest deadline of one execution, or of all of them (from the store's index). */
  nextDueAt(arn?: string): number | undefined {
    if (arn === undefined) return this.store.nextDueAt();
    this.load(arn);
    return this.store.nextDueAt(arn);
  }

  /**
   * Fires every deadline at or before `now`, in one transaction. Returns the executions
   * that changed and have no invocation running, i.e. the ones to invoke now (a running
   * invocation learns of the change from its next checkpoint, or from
   * `completeInvocation(...).reinvoke`).
   */
  fireDue(now: number): string[] {
    const records = this.store.dueExecutions(now).map((arn) => this.load(arn));
    if (records.length === 0) return [];
    return this.transact(records, () => {
      const toInvoke: string[] = [];
      for (const record of records) {
        if (!fireDue(record, now, this.store.dueOperations(record.arn, now))) continue;
        if (record.status === "RUNNING" && !record.activeInvocation) toInvoke.push(record.arn);
      }
      return toInvoke;
    });
  }

  /** RUNNING executions with no invocation running and changes none has seen yet. */
  executionsToInvoke(): string[] {
    return this.store.executionsToInvoke();
  }

  /**
   * RUNNING executions whose record says an invocation is running. After a restart on a
   * durable store these invocations died with the old process: the service ends each
   * with `completeInvocation(arn, { thrown }, now)`, which retries it as Lambda would.
   */
  executionsInvoking(): string[] {
    return this.store.executionsInvoking();
  }

  /** The stored record, for inspection; treat it as read-only. */
  getRecord(arn: string): ExecutionRecord | undefined {
    return this.store.get(arn);
  }

  private load(arn: string): ExecutionRecord {
    const record = this.store.get(arn);
    if (!record) throw new EngineError("ResourceNotFoundException", `Durable execution ${arn} not found.`);
    return record;
  }

  private mutate<T>(arn: string, rule: (record: ExecutionRecord) => T): T {
    const record = this.load(arn);
    return this.transact([record], () => rule(record));
  }

  /** Runs `rule` over journaled records and commits their changes at once, or rolls all of them back. */
  private transact<T>(records: readonly ExecutionRecord[], rule: () => T, created = false): T {
    const journals: Journal[] = [];
    try {
      for (const record of records) journals.push(Journal.open(record, created));
      const result = rule();
      const writes = journals.map((journal) => journal.write()).filter((write) => hasChanges(write.changes));
      if (writes.length > 0) this.store.commit(writes);
      for (const journal of journals) journal.close();
      return result;
    } catch (error) {
      for (const journal of journals) journal.rollback();
      throw error;
    }
  }

  private onCallback(callbackId: string, rule: (record: ExecutionRecord) => void): { arn: string } {
    const arn = callbackArn(callbackId);
    if (!this.store.get(arn)) throw new EngineError("ResourceNotFoundException", `Callback ${callbackId} not found.`);
    this.mutate(arn, rule);
    return { arn };
  }
}
