import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./usage.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

/**
 * `parseArgs` in strict mode, its errors turned into UsageErrors that say which command
 * they belong to ("run: Unknown option '--inptu'").
 */
export function parseCommandArgs(command: string, args: readonly string[], options: Options): ParsedArgs {
  try {
    const { positionals, values } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { positionals, values: values as ParsedArgs["values"] };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, ".") : String(error);
    throw new UsageError(`${command}: ${message}`);
  }
}

/** Parses a JSON argument, naming the option in the error. */
export function jsonArg(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON (${(error as Error).message}): ${text}`);
  }
}

/** A TCP port from the command line: 0 (any free one) to 65535. */
export function portArg(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got '${text}'`);
  return Number(text);
}
