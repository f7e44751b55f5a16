import type { ExecutionStore } from "../engine/store.js";
import { MemoryExecutionStore } from "./memory-store.js";
import { SqliteExecutionStore, type SqliteStoreOptions } from "./sqlite-store.js";

/**
 * The execution stores of the local service (ADR 0011): one interface, `ExecutionStore`,
 * and two implementations, in memory and in a SQLite file.
 */
export { MemoryExecutionStore } from "./memory-store.js";
export { SqliteExecutionStore } from "./sqlite-store.js";
export type { SqliteStoreOptions } from "./sqlite-store.js";
export type { ExecutionStore } from "../engine/store.js";

/** `"memory"`, or a SQLite file (created with its directory when missing). */
export type StoreSpec = "memory" | ({ sqlite: string } & SqliteStoreOptions);

/**
 * Opens a store for `new DurableEngine({ store })`. The SQLite store loads better-sqlite3
 * (an optional peer dependency) only here, and says how to install it when it is missing.
 *
 * @example
 * ```ts
 * const engine = new DurableEngine({ store: openStore({ sqlite: ".durable/executions.db" }) });
 * ```
 */
export function openStore(spec: StoreSpec = "memory"): ExecutionStore {
  if (spec === "memory") return new MemoryExecutionStore();
  const { sqlite, ...options } = spec;
  return new SqliteExecutionStore(sqlite, options);
}
