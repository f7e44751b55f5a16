import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";

/** better-sqlite3's Database constructor (its types are a devDependency; at run time it is an optional peer). */
export type DatabaseConstructor = typeof BetterSqlite3;
export type SqliteDatabase = BetterSqlite3.Database;
export type SqliteStatement = BetterSqlite3.Statement<unknown[]>;

const PACKAGE = "better-sqlite3";

/**
 * Loads better-sqlite3 the first time a SQLite store is opened, never before: it is an
 * optional peer dependency with a native build, and users of the memory store or of
 * the SDK alone must not need it. `require` is injectable so a test can play a missing
 * package.
 */
export function loadBetterSqlite(require: NodeJS.Require = createRequire(import.meta.url)): DatabaseConstructor {
  try {
    return require(PACKAGE) as DatabaseConstructor;
  } catch (error) {
    if (isMissing(error)) {
      throw new Error(
        `The SQLite store needs the optional peer dependency "${PACKAGE}", which is not installed: ` +
          `run \`npm install ${PACKAGE}\`, or use the memory store (openStore("memory")).`,
        { cause: error },
      );
    }
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === "MODULE_NOT_FOUND" && typeof message === "string" && message.includes(`'${PACKAGE}'`);
}
