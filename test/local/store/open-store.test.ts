import test from "ava";
import BetterSqlite3 from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { openStore, MemoryExecutionStore, SqliteExecutionStore } from "../../../src/local/store/index.js";
import { loadBetterSqlite } from "../../../src/local/store/load-better-sqlite.js";
import { SCHEMA_VERSION } from "../../../src/local/store/sqlite-schema.js";
import { tempDir } from "./store-fixtures.js";

/** Reads the connection's own settings, which another connection cannot see. */
class InspectableStore extends SqliteExecutionStore {
  pragma(name: string): unknown {
    return this.db.pragma(name, { simple: true });
  }
}

test("openStore: memory by default and by name", (t) => {
  t.true(openStore() instanceof MemoryExecutionStore);
  t.true(openStore("memory") instanceof MemoryExecutionStore);
});

test("openStore: a SQLite file, its directory created, in WAL mode", (t) => {
  const path = join(tempDir(t), "nested", "dir", "executions.db");
  const store = openStore({ sqlite: path });
  t.teardown(() => store.close());
  t.true(store instanceof SqliteExecutionStore);
  t.true(existsSync(path));
  const raw = new BetterSqlite3(path, { readonly: true });
  t.teardown(() => raw.close());
  t.is(raw.pragma("journal_mode", { simple: true }), "wal");
  t.is(raw.pragma("user_version", { simple: true }), SCHEMA_VERSION);
});

test("durability: synchronous=NORMAL by default, FULL on request", (t) => {
  const dir = tempDir(t);
  const normal = new InspectableStore(join(dir, "normal.db"));
  const full = new InspectableStore(join(dir, "full.db"), { durability: "full" });
  t.teardown(() => {
    normal.close();
    full.close();
  });
  t.is(normal.pragma("synchronous"), 1);
  t.is(full.pragma("synchronous"), 2);
  t.is(normal.pragma("journal_mode"), "wal");
});

test("a missing better-sqlite3 is named, with how to install it", (t) => {
  const missing = Object.assign(new Error("Cannot find module 'better-sqlite3'"), { code: "MODULE_NOT_FOUND" });
  const require = (() => {
    throw missing;
  }) as unknown as NodeJS.Require;
  const error = t.throws(() => loadBetterSqlite(require));
  t.regex(error?.message ?? "", /optional peer dependency "better-sqlite3".*npm install better-sqlite3.*openStore\("memory"\)/);
  t.is(error?.cause, missing);

  const broken = Object.assign(new Error("Module did not self-register"), { code: "ERR_DLOPEN_FAILED" });
  const failing = (() => {
    throw broken;
  }) as unknown as NodeJS.Require;
  t.is(t.throws(() => loadBetterSqlite(failing)), broken, "any other failure is not disguised as a missing package");
});

test("better-sqlite3 is loaded when a SQLite store opens, not when durable-rx/local is imported", (t) => {
  const path = join(tempDir(t), "lazy.db");
  const script = `
    import { createRequire } from "node:module";
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((m) => m.includes("better-sqlite3"));
    const local = await import("./src/local.ts");
    const before = loaded();
    new local.DurableEngine({ store: local.openStore("memory") });
    const afterMemory = loaded();
    local.openStore({ sqlite: ${JSON.stringify(path)} }).close();
    console.log(JSON.stringify([before, afterMemory, loaded()]));
  `;
  const out = execFileSync(process.execPath, ["--import=tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  t.deepEqual(JSON.parse(out.trim().split("\n").at(-1) ?? ""), [false, false, true]);
});

test("a database that is not a store, or a newer store, is refused", (t) => {
  const dir = tempDir(t);
  const foreign = join(dir, "foreign.db");
  const raw = new BetterSqlite3(foreign);
  raw.exec("CREATE TABLE notes (text TEXT)");
  raw.close();
  t.throws(() => new SqliteExecutionStore(foreign), { message: /is not a durable-rx store/ });

  const newer = join(dir, "newer.db");
  const future = new BetterSqlite3(newer);
  future.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  future.close();
  t.throws(() => new SqliteExecutionStore(newer), { message: new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer`) });
});

test("reopening an existing store keeps its schema", (t) => {
  const path = join(tempDir(t), "again.db");
  new SqliteExecutionStore(path).close();
  t.notThrows(() => new SqliteExecutionStore(path).close());
});
