import { stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { DurableHandler } from "../local/invoke-handler.js";

/** The handler file could not be loaded; the message says what to do about it. */
export class HandlerLoadError extends Error {
  override readonly name = "HandlerLoadError";
}

export interface LoadedHandler {
  handler: DurableHandler;
  /** Absolute path of the file. */
  path: string;
  /** What the function is registered as: the file's name, e.g. `approval-demo`. */
  functionName: string;
  /** The export the handler came from. */
  exportName: string;
}

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;

/**
 * Imports a user's handler file and picks its durable handler: the `handler` export,
 * else the default export (or `module.exports.handler` of a CommonJS file).
 *
 * TypeScript files need a loader: the CLI registers tsx's when the user's project (or
 * the CLI's own) can resolve `tsx`; otherwise it imports the file as is, which newer Node
 * versions can do by stripping types, and says how to fix it when that fails.
 */
export async function loadHandler(file: string, cwd: string = process.cwd()): Promise<LoadedHandler> {
  const path = resolve(cwd, file);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new HandlerLoadError(`no such file: ${path}`);
  if (TYPESCRIPT.test(path)) await registerTypeScript(path, cwd);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw explainImportFailure(error, path);
  }
  const { handler, exportName } = pickHandler(mod, path);
  return { handler, path, functionName: functionNameOf(path), exportName };
}

/** `approval-demo.mjs` → `approval-demo`; characters Lambda does not allow become `-`. */
export function functionNameOf(path: string): string {
  const stem = basename(path, extname(path)).replace(/[^a-zA-Z0-9-_]/g, "-").slice(0, 64);
  return stem || "handler";
}

function pickHandler(mod: Record<string, unknown>, path: string): { handler: DurableHandler; exportName: string } {
  if (typeof mod.handler === "function") return { handler: mod.handler as DurableHandler, exportName: "handler" };
  const fallback = mod.default;
  if (typeof fallback === "function") return { handler: fallback as DurableHandler, exportName: "default" };
  const cjsHandler = (fallback as Record<string, unknown> | undefined)?.handler;
  if (typeof cjsHandler === "function") return { handler: cjsHandler as DurableHandler, exportName: "handler" };
  const names = Object.keys(mod).filter((name) => name !== "__esModule");
  throw new HandlerLoadError(
    `${path} exports no handler: export it as \`handler\` (or as the default export), e.g. \`export const handler = durable(...)\`` +
      (names.length > 0 ? `; its exports are: ${names.join(", ")}` : ""),
  );
}

async function registerTypeScript(path: string, cwd: string): Promise<void> {
  // The user's project first (their tsx, their tsconfig), then the CLI's own install.
  for (const base of [path, resolve(cwd, "package.json"), import.meta.url]) {
    const api = tsxEsmApi(base);
    if (api === undefined) continue;
    const { register } = (await import(pathToFileURL(api).href)) as { register(): unknown };
    register();
    return;
  }
}

/**
 * The ES-module build of `tsx/esm/api` as seen from `base`, read from tsx's own exports
 * map (`require.resolve` would pick its CommonJS build, whose loader hooks cannot be
 * registered from an ES module).
 */
function tsxEsmApi(base: string): string | undefined {
  let manifest: string;
  try {
    manifest = createRequire(base).resolve("tsx/package.json");
  } catch {
    return undefined;
  }
  const exported = (createRequire(base)(manifest) as { exports?: Record<string, unknown> }).exports?.["./esm/api"];
  const target = (exported as { import?: { default?: string } | string } | undefined)?.import;
  const file = typeof target === "string" ? target : target?.default;
  return file === undefined ? undefined : resolve(dirname(manifest), file);
}

function explainImportFailure(error: unknown, path: string): Error {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === "ERR_UNKNOWN_FILE_EXTENSION" && TYPESCRIPT.test(path)) {
    return new HandlerLoadError(
      `${path} is TypeScript and no TypeScript loader is available: install tsx in your project (npm i -D tsx), ` +
        "or compile the handler to JavaScript and run that file.",
    );
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return new HandlerLoadError(`could not load ${path}:\n${message}`);
}
