import type { ExecutionRecord } from "./records.js";

/**
 * Where execution records live. Synchronous on purpose: the engine's rules run start to
 * finish without yielding, so two requests can never interleave inside one execution
 * (better-sqlite3, the planned durable store, is synchronous too).
 *
 * Contract: `get` may hand out the live object or a fresh copy; the engine mutates what
 * it gets and then calls `put`, which must persist the whole record.
 */
export interface ExecutionStore {
  get(arn: string): ExecutionRecord | undefined;
  put(record: ExecutionRecord): void;
  /** The execution started under this durable execution name, for name idempotency. */
  findByName(functionName: string, qualifier: string, name: string): ExecutionRecord | undefined;
  list(): Iterable<ExecutionRecord>;
}

/** Records in a Map, for tests, the in-process runner and benchmarks. */
export class MemoryExecutionStore implements ExecutionStore {
  private readonly byArn = new Map<string, ExecutionRecord>();
  private readonly byName = new Map<string, string>();

  get(arn: string): ExecutionRecord | undefined {
    return this.byArn.get(arn);
  }

  put(record: ExecutionRecord): void {
    this.byArn.set(record.arn, record);
    this.byName.set(nameKey(record.functionName, record.qualifier, record.name), record.arn);
  }

  findByName(functionName: string, qualifier: string, name: string): ExecutionRecord | undefined {
    const arn = this.byName.get(nameKey(functionName, qualifier, name));
    return arn === undefined ? undefined : this.byArn.get(arn);
  }

  list(): Iterable<ExecutionRecord> {
    return this.byArn.values();
  }
}

const nameKey = (functionName: string, qualifier: string, name: string): string => `${functionName}:${qualifier}/${name}`;
