#!/usr/bin/env node
/** The `durable-rx` command. Subcommands arrive with the local service (issue: local service). */
const [command] = process.argv.slice(2);
const usage = `usage:
  durable-rx run <file> [--input JSON] [--db PATH | --memory] [--real-time]
  durable-rx dev <file> [--port N] [--db PATH]
  durable-rx callback succeed|fail|heartbeat <callbackId> [JSON] [--endpoint URL]
  durable-rx history <executionArn> [--endpoint URL]`;
if (!command || command === "--help" || command === "-h") {
  console.log(usage);
} else {
  console.error(`durable-rx: "${command}" is not available in this version yet.\n${usage}`);
  process.exitCode = 2;
}
