import type { ExecutionContext } from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExecutionRecord } from "../../../src/local/engine/index.js";
import type { ExecutionStore } from "../../../src/local/engine/store.js";
import { MemoryExecutionStore } from "../../../src/local/store/memory-store.js";
import { SqliteExecutionStore } from "../../../src/local/store/sqlite-store.js";

/** A fresh directory, removed when the test ends. */
export function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), "durable-rx-store-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A SQLite file path in a fresh directory; every store opened through `open` is closed at the end. */
export function sqliteFile(t: ExecutionContext): { path: string; open(): SqliteExecutionStore } {
  const path = join(tempDir(t), "executions.db");
  return {
    path,
    open() {
      const store = new SqliteExecutionStore(path);
      t.teardown(() => store.close());
      return store;
    },
  };
}

/** Both implementations, for tests every store must pass. */
export const STORE_KINDS: Record<"memory" | "sqlite", (t: ExecutionContext) => ExecutionStore> = {
  memory: () => new MemoryExecutionStore(),
  sqlite: (t) => sqliteFile(t).open(),
};

/**
 * A record as plain data, comparable across stores and reloads: Maps as entry lists (in
 * their order), absent and `undefined` members alike, the running invocation's tokens
 * sorted (a set to the engine, stored without order).
 */
export function plain(record: ExecutionRecord | undefined): unknown {
  if (!record) return undefined;
  const copy = JSON.parse(JSON.stringify(record, (_key, value: unknown) => (value instanceof Map ? [...value] : value)));
  copy.activeInvocation?.tokens.sort();
  return copy;
}
