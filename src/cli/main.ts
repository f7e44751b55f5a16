#!/usr/bin/env node
/**
 * The `durable-rx` command: run a durable function to its end, serve the local service,
 * complete callbacks and read histories. See `durable-rx --help` and docs/cli.md.
 */
import { processIo, type CommandIo } from "./command-io.js";
import { HandlerLoadError } from "./load-handler.js";
import { describeRequestError, resolveEndpoint } from "./endpoint.js";
import { USAGE, UsageError } from "./usage.js";

async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (args.includes("--help") || args.includes("-h")) {
    io.out(USAGE);
    return 0;
  }
  try {
    // Each command is loaded when used: `--help` and usage errors need neither the AWS SDK nor the service.
    switch (command) {
      case "run":
        return await (await import("./commands-run.js")).runCommand(args, io);
      case "dev":
        return await (await import("./commands-dev.js")).devCommand(args, io, stopSignal());
      case "callback":
        return await (await import("./commands-callback.js")).callbackCommand(args, io);
      case "history":
        return await (await import("./commands-history.js")).historyCommand(args, io);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`durable-rx ${error.message}\nRun durable-rx --help for usage.`);
      return 2;
    }
    if (error instanceof HandlerLoadError) {
      io.err(`durable-rx: ${error.message}`);
      return 1;
    }
    if (command === "callback" || command === "history") {
      io.err(`durable-rx ${command}: ${describeRequestError(error, endpointOf(args, io))}`);
      return 1;
    }
    io.err(`durable-rx ${command}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

/** Resolves with the signal's name on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

function endpointOf(args: readonly string[], io: CommandIo): string {
  const at = args.indexOf("--endpoint");
  const inline = args.find((arg) => arg.startsWith("--endpoint="))?.slice("--endpoint=".length);
  try {
    return resolveEndpoint(at >= 0 ? args[at + 1] : inline, io.env);
  } catch {
    return "the endpoint";
  }
}

// No top-level await: rollup also emits this entry as CommonJS.
void main(process.argv.slice(2), processIo()).then((code) => {
  // Exit rather than wait: a user's handler may leave timers or sockets open after its execution ended.
  process.stdout.write("", () => process.exit(code));
});
