/** What `durable-rx --help` prints; each command's own help is its section. */
export const USAGE = `durable-rx: run and inspect durable functions on the local durable-execution service

usage:
  durable-rx run <file> [--input JSON] [--db PATH | --memory] [--real-time] [--succeed-callbacks JSON]
  durable-rx dev <file> [--port N] [--db PATH] [--host ADDRESS] [--allow-host NAME]
  durable-rx callback succeed|fail|heartbeat <callbackId> [JSON] [--endpoint URL]
  durable-rx history <executionArn> [--endpoint URL] [--json]

commands:
  run        runs one execution of the handler in <file> to its end on an embedded
             service and prints its progress, its result or error, and its operations.
             Time is skipped (waits and retry delays pass at once) unless --real-time.
             --input JSON            the execution's input (default {})
             --memory                keep nothing (default)
             --db PATH               keep executions in a SQLite file
             --real-time             wait for real instead of skipping time
             --succeed-callbacks JSON
                                     complete every callback, as soon as it starts, with
                                     JSON, through the Lambda API (an approver stand-in)
             --name NAME             the durable execution name (default: generated)
  dev        serves the Lambda API for the handler in <file> (registered under its file
             name, e.g. approval-demo) until Ctrl-C.
             --port N                the port (default 8910; 0 picks a free one)
             --db PATH               keep executions in a SQLite file (default: memory)
             --host ADDRESS          the interface to bind (default 127.0.0.1)
             --allow-host NAME       a Host name clients may use besides 127.0.0.1,
                                     localhost and [::1] (repeatable; see docs/cli.md)
  callback   completes or heartbeats a callback through the Lambda API.
             succeed <id> [JSON]     the result (default null), sent as its exact text
             fail <id> [JSON]        an ErrorObject ({"ErrorType","ErrorMessage"}) or a message string
             heartbeat <id>
  history    prints an execution's history events (--json: as the API returns them).

  --endpoint URL   the service (default $DURABLE_RX_ENDPOINT, else http://127.0.0.1:8910)
  -h, --help       this text

<file> exports a durable handler as \`handler\` (or as the default export). A .ts file
needs tsx installed in your project (npm i -D tsx), or compile it first.`;

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
