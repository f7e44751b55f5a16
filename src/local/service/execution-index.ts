import type { RecordWrite } from "../engine/journal.js";
import type { ExecutionRecord, OperationEntry } from "../engine/records.js";
import { invocationRetryAt } from "./invocation-retry.js";

/** A CHAINED_INVOKE operation the service has to run (PROTOCOL.md §6.4). */
export interface ChainedInvokeRequest {
  parentArn: string;
  operationId: string;
  functionName: string;
  payload?: string;
}

/**
 * What the scheduler needs beyond the store's own indexes (timers, executions with
 * undelivered changes, invocations recorded as running), kept current from each commit
 * so a pass never loads a history:
 * - executions never invoked yet (a new execution has nothing undelivered);
 * - when a thrown invocation may be retried (the back-off of invocation-retry.ts);
 * - the STARTED chained invokes.
 */
export class ExecutionIndex {
  private readonly neverInvoked = new Map<string, string>();
  private readonly retries = new Map<string, { at: number; functionName: string }>();
  private readonly chained = new Map<string, Map<string, ChainedInvokeRequest>>();

  /** A record the store held before this service opened it (a restart): one full look. */
  load(record: ExecutionRecord): void {
    if (record.status !== "RUNNING") return;
    if (record.invocations.length === 0) this.neverInvoked.set(record.arn, record.functionName);
    this.noteInvocations(record);
    for (const entry of record.operations) this.noteOperation(record, entry);
  }

  /** What one committed engine call changed. */
  apply({ record, changes }: RecordWrite): void {
    const { arn } = record;
    if (record.status !== "RUNNING") {
      this.neverInvoked.delete(arn);
      this.retries.delete(arn);
      this.chained.delete(arn);
      return;
    }
    if (changes.created && record.invocations.length === 0) this.neverInvoked.set(arn, record.functionName);
    if (changes.invocations.length > 0) {
      this.neverInvoked.delete(arn);
      this.noteInvocations(record);
    }
    for (const entry of changes.added) this.noteOperation(record, entry);
    for (const { entry } of changes.changed) this.noteOperation(record, entry);
  }

  /** Executions to invoke besides the store's (never invoked, thrown and due again), by function. */
  extraCandidates(now: number): [arn: string, functionName: string][] {
    const out = [...this.neverInvoked];
    for (const [arn, retry] of this.retries) if (retry.at <= now) out.push([arn, retry.functionName]);
    return out;
  }

  /** Not before this may `arn` be invoked again (after a thrown invocation). */
  notBefore(arn: string): number | undefined {
    return this.retries.get(arn)?.at;
  }

  /** The earliest retry of a thrown invocation whose function `canRun`. */
  nextRetry(canRun: (arn: string, functionName: string) => boolean): number | undefined {
    let earliest: number | undefined;
    for (const [arn, { at, functionName }] of this.retries) {
      if (canRun(arn, functionName) && (earliest === undefined || at < earliest)) earliest = at;
    }
    return earliest;
  }

  chainedInvokes(): ChainedInvokeRequest[] {
    return [...this.chained.values()].flatMap((requests) => [...requests.values()]);
  }

  private noteInvocations(record: ExecutionRecord): void {
    const last = record.invocations[record.invocations.length - 1];
    if (!record.activeInvocation && last?.outcome === "THREW" && last.endMs !== undefined) {
      this.retries.set(record.arn, { at: invocationRetryAt(last.endMs, record.consecutiveFailures), functionName: record.functionName });
    } else {
      this.retries.delete(record.arn);
    }
  }

  private noteOperation(record: ExecutionRecord, entry: OperationEntry): void {
    if (entry.op.Type !== "CHAINED_INVOKE") return;
    let requests = this.chained.get(record.arn);
    if (entry.op.Status === "STARTED" && entry.invoke) {
      if (!requests) this.chained.set(record.arn, (requests = new Map()));
      const { functionName, payload } = entry.invoke;
      requests.set(entry.op.Id, { parentArn: record.arn, operationId: entry.op.Id, functionName, payload });
    } else if (requests) {
      requests.delete(entry.op.Id);
      if (requests.size === 0) this.chained.delete(record.arn);
    }
  }
}
