import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { RecordWrite } from "../engine/journal.js";
import type { ExecutionHeader, ExecutionRecord } from "../engine/records.js";
import type { ExecutionStore } from "../engine/store.js";
import { deadlineUpdates, isInvoking, waitsForInvocation } from "./indexed-fields.js";
import { loadBetterSqlite, type SqliteDatabase, type SqliteStatement } from "./load-better-sqlite.js";
import { prepareSchema } from "./sqlite-schema.js";
import {
  changeListingOf,
  headerOf,
  headOf,
  outcomeOf,
  recordOf,
  type ExecutionRow,
  type HeaderRow,
  type RecordRows,
} from "./sqlite-rows.js";

export interface SqliteStoreOptions {
  /**
   * `normal` (default): WAL with `synchronous=NORMAL`. A commit survives the process
   * crashing at any point; an OS crash or power loss can lose the last commits, never
   * half of one. `full`: `synchronous=FULL`, every commit is on disk before it returns
   * (an fsync per checkpoint). See ADR 0011.
   */
  durability?: "normal" | "full";
  /** Executions kept loaded in memory, most recently used first (default 64). */
  cacheSize?: number;
}

/**
 * Executions in a SQLite file (better-sqlite3, WAL), so a service restarted on the same
 * file resumes every unfinished execution: its operations, history, callbacks, timers,
 * ClientTokens and invocations are all there (ADR 0011).
 *
 * Each `commit` is one SQLite transaction holding exactly the rows the engine call
 * changed: a crash (or a throw) midway keeps none of it. Recently used records stay
 * loaded, so the engine works on them in memory and only reads a record from disk when
 * it was not used lately. One process owns a store file at a time.
 *
 * The `write*` methods are the parts of one commit, in order; each runs inside the
 * transaction (a test overrides one to fail midway).
 */
export class SqliteExecutionStore implements ExecutionStore {
  protected readonly db: SqliteDatabase;
  private readonly cache = new Map<string, ExecutionRecord>();
  private readonly cacheSize: number;
  private readonly sql: Record<keyof typeof STATEMENTS, SqliteStatement>;
  private readonly commitAll: (writes: readonly RecordWrite[]) => void;

  constructor(
    readonly path: string,
    options: SqliteStoreOptions = {},
  ) {
    const Database = loadBetterSqlite();
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    try {
      this.db.pragma("journal_mode = WAL");
      this.db.pragma(`synchronous = ${options.durability === "full" ? "FULL" : "NORMAL"}`);
      prepareSchema(this.db, path);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.cacheSize = Math.max(1, options.cacheSize ?? 64);
    this.sql = prepareAll(this.db);
    this.commitAll = this.db.transaction((writes: readonly RecordWrite[]) => {
      for (const write of writes) this.writeRecord(write);
    });
  }

  get(arn: string): ExecutionRecord | undefined {
    const cached = this.cache.get(arn);
    if (cached) {
      // Most recently used last, so eviction takes the first.
      this.cache.delete(arn);
      this.cache.set(arn, cached);
      return cached;
    }
    const record = this.load(arn);
    if (record) this.remember(record);
    return record;
  }

  findByName(functionName: string, qualifier: string, name: string): string | undefined {
    const row = this.sql.findByName.get(functionName, qualifier, name) as { arn: string } | undefined;
    return row?.arn;
  }

  commit(writes: readonly RecordWrite[]): void {
    try {
      this.commitAll(writes);
    } catch (error) {
      // The engine rolls its records back too; reading them afresh makes sure memory matches the file.
      for (const { record } of writes) this.cache.delete(record.arn);
      throw error;
    }
    for (const { record } of writes) this.remember(record);
  }

  list(functionName?: string): Iterable<ExecutionHeader> {
    const rows = (functionName === undefined ? this.sql.listAll.all() : this.sql.listByFunction.all(functionName)) as HeaderRow[];
    return rows.map(headerOf);
  }

  nextDueAt(arn?: string): number | undefined {
    const row = (arn === undefined ? this.sql.earliestDue.get() : this.sql.earliestDueOf.get(arn)) as { due: number | null };
    return row.due ?? undefined;
  }

  dueOperations(arn: string, now: number): string[] {
    return (this.sql.dueOperations.all(arn, now) as { operation_id: string }[]).map((row) => row.operation_id);
  }

  dueExecutions(now: number): string[] {
    return (this.sql.dueExecutions.all(now) as { arn: string }[]).map((row) => row.arn);
  }

  executionsToInvoke(): string[] {
    return (this.sql.waiting.all() as { arn: string }[]).map((row) => row.arn);
  }

  executionsInvoking(): string[] {
    return (this.sql.invoking.all() as { arn: string }[]).map((row) => row.arn);
  }

  close(): void {
    this.cache.clear();
    if (this.db.open) this.db.close();
  }

  /** One record's changes, in the order of the tables; runs inside the commit's transaction. */
  protected writeRecord(write: RecordWrite): void {
    this.writeExecution(write);
    this.writeOperations(write);
    this.writeEvents(write);
    this.writeInvocations(write);
    this.writeTokens(write);
    this.writeTimers(write);
  }

  protected writeExecution({ record, changes }: RecordWrite): void {
    const flags = [waitsForInvocation(record) ? 1 : 0, isInvoking(record) ? 1 : 0] as const;
    if (changes.created) {
      this.sql.insertExecution.run(
        record.arn,
        record.functionName,
        record.qualifier,
        record.name,
        record.status,
        record.startMs,
        record.endMs ?? null,
        ...flags,
        record.inputPayload,
        headOf(record),
      );
    } else if (changes.headChanged) {
      this.sql.updateExecution.run(record.status, record.endMs ?? null, ...flags, headOf(record), record.arn);
    }
    if (changes.ended) this.sql.updateOutcome.run(outcomeOf(record), record.arn);
    if (changes.changeListingChanged) this.sql.updateChangeListing.run(changeListingOf(record), record.arn);
  }

  protected writeOperations({ record, changes }: RecordWrite): void {
    changes.added.forEach((entry, i) => {
      this.sql.insertOperation.run(record.arn, changes.addedFrom + i, entry.op.Id, JSON.stringify(entry));
      const callbackId = entry.op.CallbackDetails?.CallbackId;
      if (callbackId !== undefined) this.sql.insertCallback.run(callbackId, record.arn, entry.op.Id);
    });
    for (const { position, entry } of changes.changed) {
      this.sql.updateOperation.run(JSON.stringify(entry), record.arn, position);
    }
  }

  protected writeEvents({ record, changes }: RecordWrite): void {
    for (const event of changes.events) this.sql.insertEvent.run(record.arn, event.EventId, JSON.stringify(event));
  }

  protected writeInvocations({ record, changes }: RecordWrite): void {
    for (const invocation of changes.invocations) {
      this.sql.putInvocation.run(record.arn, invocation.number, JSON.stringify(invocation));
    }
  }

  protected writeTokens({ record, changes }: RecordWrite): void {
    if (changes.tokensReset) this.sql.deleteCheckpointTokens.run(record.arn);
    for (const token of changes.newTokens) this.sql.insertCheckpointToken.run(record.arn, token);
    if (changes.clientTokensPrunedThrough !== undefined) {
      this.sql.pruneClientTokens.run(record.arn, changes.clientTokensPrunedThrough);
    }
    for (const [token, entry] of changes.clientTokensAdded) {
      this.sql.insertClientToken.run(record.arn, token, entry.at, JSON.stringify(entry.response));
    }
  }

  protected writeTimers(write: RecordWrite): void {
    const { record, changes } = write;
    if (changes.ended) {
      this.sql.deleteTimers.run(record.arn);
      return;
    }
    for (const [operationId, due] of deadlineUpdates(write)) {
      if (due === undefined) this.sql.deleteTimer.run(record.arn, operationId);
      else this.sql.putTimer.run(record.arn, operationId, due);
    }
  }

  private load(arn: string): ExecutionRecord | undefined {
    const row = this.sql.execution.get(arn) as ExecutionRow | undefined;
    if (!row) return undefined;
    const rows: RecordRows = {
      operations: this.sql.operationsOf.all(arn) as RecordRows["operations"],
      events: this.sql.eventsOf.all(arn) as RecordRows["events"],
      invocations: this.sql.invocationsOf.all(arn) as RecordRows["invocations"],
      callbacks: this.sql.callbacksOf.all(arn) as RecordRows["callbacks"],
      clientTokens: this.sql.clientTokensOf.all(arn) as RecordRows["clientTokens"],
      checkpointTokens: this.sql.checkpointTokensOf.all(arn) as RecordRows["checkpointTokens"],
    };
    return recordOf(row, rows);
  }

  private remember(record: ExecutionRecord): void {
    this.cache.delete(record.arn);
    this.cache.set(record.arn, record);
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
  }
}

const STATEMENTS = {
  execution: "SELECT * FROM executions WHERE arn = ?",
  findByName: "SELECT arn FROM executions WHERE function_name = ? AND qualifier = ? AND name = ?",
  listAll: "SELECT arn, function_name, qualifier, name, status, start_ms, end_ms FROM executions ORDER BY start_ms, rowid",
  listByFunction:
    "SELECT arn, function_name, qualifier, name, status, start_ms, end_ms FROM executions WHERE function_name = ? ORDER BY start_ms, rowid",
  waiting: "SELECT arn FROM executions WHERE waits_for_invocation = 1",
  invoking: "SELECT arn FROM executions WHERE invoking = 1",
  insertExecution: `INSERT INTO executions
    (arn, function_name, qualifier, name, status, start_ms, end_ms, waits_for_invocation, invoking, input, head)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  updateExecution:
    "UPDATE executions SET status = ?, end_ms = ?, waits_for_invocation = ?, invoking = ?, head = ? WHERE arn = ?",
  updateOutcome: "UPDATE executions SET outcome = ? WHERE arn = ?",
  updateChangeListing: "UPDATE executions SET change_listing = ? WHERE arn = ?",
  operationsOf: "SELECT entry FROM operations WHERE arn = ? ORDER BY position",
  insertOperation: "INSERT INTO operations (arn, position, id, entry) VALUES (?, ?, ?, ?)",
  updateOperation: "UPDATE operations SET entry = ? WHERE arn = ? AND position = ?",
  eventsOf: "SELECT event FROM events WHERE arn = ? ORDER BY event_id",
  insertEvent: "INSERT INTO events (arn, event_id, event) VALUES (?, ?, ?)",
  invocationsOf: "SELECT invocation FROM invocations WHERE arn = ? ORDER BY number",
  putInvocation: "INSERT OR REPLACE INTO invocations (arn, number, invocation) VALUES (?, ?, ?)",
  callbacksOf: "SELECT callback_id, operation_id FROM callbacks WHERE arn = ?",
  insertCallback: "INSERT INTO callbacks (callback_id, arn, operation_id) VALUES (?, ?, ?)",
  checkpointTokensOf: "SELECT token FROM checkpoint_tokens WHERE arn = ?",
  insertCheckpointToken: "INSERT INTO checkpoint_tokens (arn, token) VALUES (?, ?)",
  deleteCheckpointTokens: "DELETE FROM checkpoint_tokens WHERE arn = ?",
  clientTokensOf: "SELECT token, at_ms, response FROM client_tokens WHERE arn = ? ORDER BY at_ms, rowid",
  insertClientToken: "INSERT INTO client_tokens (arn, token, at_ms, response) VALUES (?, ?, ?, ?)",
  pruneClientTokens: "DELETE FROM client_tokens WHERE arn = ? AND at_ms <= ?",
  earliestDue: "SELECT min(due_ms) AS due FROM timers",
  earliestDueOf: "SELECT min(due_ms) AS due FROM timers WHERE arn = ?",
  dueOperations: "SELECT operation_id FROM timers WHERE arn = ? AND due_ms <= ?",
  dueExecutions: "SELECT DISTINCT arn FROM timers WHERE due_ms <= ?",
  putTimer: `INSERT INTO timers (arn, operation_id, due_ms) VALUES (?, ?, ?)
    ON CONFLICT (arn, operation_id) DO UPDATE SET due_ms = excluded.due_ms`,
  deleteTimer: "DELETE FROM timers WHERE arn = ? AND operation_id = ?",
  deleteTimers: "DELETE FROM timers WHERE arn = ?",
} as const;

function prepareAll(db: SqliteDatabase): Record<keyof typeof STATEMENTS, SqliteStatement> {
  const prepared = {} as Record<keyof typeof STATEMENTS, SqliteStatement>;
  for (const [key, sql] of Object.entries(STATEMENTS)) prepared[key as keyof typeof STATEMENTS] = db.prepare<unknown[]>(sql);
  return prepared;
}
