import type { RecordWrite } from "../engine/journal.js";
import type { ExecutionHeader, ExecutionRecord } from "../engine/records.js";
import type { ExecutionStore } from "../engine/store.js";
import { DueHeap } from "./due-heap.js";
import { deadlineUpdates, isInvoking, waitsForInvocation } from "./indexed-fields.js";

/**
 * Records in memory, for tests, the in-process runner and benchmarks. The live records
 * are the data; `commit` only keeps the indexes current, so it cannot fail midway (and a
 * failed engine call is undone by the engine's journal).
 *
 * Timers: one heap per execution (operation id → deadline) and one across executions
 * (ARN → that execution's earliest deadline), each updated in O(log n) per changed
 * operation, so neither a checkpoint nor the scheduler ever scans a history.
 */
export class MemoryExecutionStore implements ExecutionStore {
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly byName = new Map<string, string>();
  private readonly timers = new Map<string, DueHeap<string>>();
  private readonly earliest = new DueHeap<string>();
  private readonly toInvoke = new Set<string>();
  private readonly invoking = new Set<string>();

  get(arn: string): ExecutionRecord | undefined {
    return this.records.get(arn);
  }

  findByName(functionName: string, qualifier: string, name: string): string | undefined {
    return this.byName.get(nameKey(functionName, qualifier, name));
  }

  commit(writes: readonly RecordWrite[]): void {
    for (const write of writes) this.index(write);
  }

  list(functionName?: string): Iterable<ExecutionHeader> {
    const all = [...this.records.values()];
    const listed = functionName === undefined ? all : all.filter((record) => record.functionName === functionName);
    return listed.sort((a, b) => a.startMs - b.startMs);
  }

  nextDueAt(arn?: string): number | undefined {
    return arn === undefined ? this.earliest.earliest() : this.timers.get(arn)?.earliest();
  }

  dueOperations(arn: string, now: number): string[] {
    return this.timers.get(arn)?.dueBy(now) ?? [];
  }

  dueExecutions(now: number): string[] {
    return this.earliest.dueBy(now);
  }

  executionsToInvoke(): string[] {
    return [...this.toInvoke];
  }

  executionsInvoking(): string[] {
    return [...this.invoking];
  }

  close(): void {
    // Nothing is held open.
  }

  private index(write: RecordWrite): void {
    const { record, changes } = write;
    const { arn } = record;
    if (changes.created) {
      this.records.set(arn, record);
      this.byName.set(nameKey(record.functionName, record.qualifier, record.name), arn);
    }
    this.indexTimers(write);
    setMembership(this.toInvoke, arn, waitsForInvocation(record));
    setMembership(this.invoking, arn, isInvoking(record));
  }

  private indexTimers(write: RecordWrite): void {
    const { arn } = write.record;
    if (write.record.status !== "RUNNING") {
      this.timers.delete(arn);
      this.earliest.delete(arn);
      return;
    }
    const updates = deadlineUpdates(write);
    if (updates.length === 0) return;
    let heap = this.timers.get(arn);
    if (!heap) {
      heap = new DueHeap();
      this.timers.set(arn, heap);
    }
    for (const [id, due] of updates) {
      if (due === undefined) heap.delete(id);
      else heap.set(id, due);
    }
    const earliest = heap.earliest();
    if (earliest === undefined) this.earliest.delete(arn);
    else this.earliest.set(arn, earliest);
  }
}

function setMembership(set: Set<string>, arn: string, member: boolean): void {
  if (member) set.add(arn);
  else set.delete(arn);
}

const nameKey = (functionName: string, qualifier: string, name: string): string => `${functionName}:${qualifier}/${name}`;
