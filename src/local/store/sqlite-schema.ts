import type { SqliteDatabase } from "./load-better-sqlite.js";

/**
 * The SQLite store's tables (ADR 0011). One row per thing the engine changes on its own,
 * so each engine call writes only the rows it touched: a checkpoint inserts its new
 * operations and events, rewrites the operations it completed and the execution's small
 * `head`, and moves the timers of those operations, whatever the length of the history.
 *
 * Bodies are JSON of the engine's records (epoch-ms numbers); the columns beside them are
 * the ones a query filters or sorts on. `PRAGMA user_version` is the schema version.
 */
export const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE executions (
  arn TEXT PRIMARY KEY,
  function_name TEXT NOT NULL,
  qualifier TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER,
  -- RUNNING, no invocation running, and changes no invocation has seen.
  waits_for_invocation INTEGER NOT NULL,
  -- RUNNING with an invocation recorded as running.
  invoking INTEGER NOT NULL,
  input TEXT NOT NULL,
  -- {"result", "error"}: written once, when the execution ends.
  outcome TEXT,
  -- The small execution-level fields that change with every call (JSON).
  head TEXT NOT NULL,
  -- The last NewExecutionState listing that needed paging (JSON), written when it changes.
  change_listing TEXT
);
CREATE UNIQUE INDEX executions_by_name ON executions (function_name, qualifier, name);
CREATE INDEX executions_by_start ON executions (function_name, start_ms);
CREATE INDEX executions_waiting ON executions (waits_for_invocation) WHERE waits_for_invocation = 1;
CREATE INDEX executions_invoking ON executions (invoking) WHERE invoking = 1;

-- Operations in start order; an entry is the wire operation plus the service's bookkeeping.
CREATE TABLE operations (
  arn TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  entry TEXT NOT NULL,
  PRIMARY KEY (arn, position)
);

CREATE TABLE events (
  arn TEXT NOT NULL,
  event_id INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (arn, event_id)
);

CREATE TABLE invocations (
  arn TEXT NOT NULL,
  number INTEGER NOT NULL,
  invocation TEXT NOT NULL,
  PRIMARY KEY (arn, number)
);

CREATE TABLE callbacks (
  callback_id TEXT PRIMARY KEY,
  arn TEXT NOT NULL,
  operation_id TEXT NOT NULL
);
CREATE INDEX callbacks_by_execution ON callbacks (arn);

-- One row per operation with a deadline, only while its execution is RUNNING.
CREATE TABLE timers (
  arn TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  due_ms INTEGER NOT NULL,
  PRIMARY KEY (arn, operation_id)
);
CREATE INDEX timers_by_due ON timers (due_ms);
CREATE INDEX timers_by_execution ON timers (arn, due_ms);

-- The tokens issued to the running invocation (GetDurableExecutionState accepts any).
-- Small rows, so the table is its own index.
CREATE TABLE checkpoint_tokens (
  arn TEXT NOT NULL,
  token TEXT NOT NULL,
  PRIMARY KEY (arn, token)
) WITHOUT ROWID;

-- ClientToken de-duplication: the response each token got, for the TTL window. Looked up
-- in memory; on disk only loaded by execution and pruned by time, so no index on token
-- (a random key would scatter every insert across the file).
CREATE TABLE client_tokens (
  arn TEXT NOT NULL,
  token TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  response TEXT NOT NULL
);
CREATE INDEX client_tokens_by_time ON client_tokens (arn, at_ms);
`;

/**
 * Creates the tables in an empty database, or checks that an existing one is a store of
 * this schema version. Refuses a database that holds something else, or a store written
 * by a newer version, rather than guess.
 */
export function prepareSchema(db: SqliteDatabase, path: string): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION) {
    throw new Error(`${path} is a durable-rx store of schema version ${version}, newer than this version reads (${SCHEMA_VERSION}).`);
  }
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  if (tables.n > 0) throw new Error(`${path} is not a durable-rx store: it already holds other tables.`);
  db.transaction(() => {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
