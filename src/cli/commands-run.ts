import { filter, type Subscription } from "rxjs";
import { createHttpServer } from "../local/http/create-http-server.js";
import { eventFeedFrom } from "../local/http/service-event-feed.js";
import type { LocalServiceEvent } from "../local/service/history-to-event.js";
import { LocalDurableService } from "../local/service/local-durable-service.js";
import type { LocalExecution } from "../local/service/execution-view.js";
import { jsonArg, parseCommandArgs } from "./args.js";
import type { CommandIo } from "./command-io.js";
import { oneLine } from "./format.js";
import { loadHandler } from "./load-handler.js";
import { operationTable } from "./operation-table.js";
import { ProgressView } from "./progress-view.js";
import { UsageError } from "./usage.js";

/**
 * `durable-rx run <file>`: one execution of the file's handler, start to end, on an
 * embedded service (skip-time by default), with live progress, then the result or error
 * and the operation table. The service also listens on a free 127.0.0.1 port for the
 * run's length, so a callback can be completed from another terminal (`--real-time`
 * leaves time for that) or by `--succeed-callbacks`, through the same Lambda API.
 * Exit code 0 when the execution SUCCEEDED, 1 otherwise.
 */
export async function runCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { positionals, values } = parseCommandArgs("run", args, {
    input: { type: "string" },
    db: { type: "string" },
    memory: { type: "boolean" },
    "real-time": { type: "boolean" },
    "succeed-callbacks": { type: "string" },
    name: { type: "string" },
  });
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError("run: expected a handler file, e.g. durable-rx run handler.mjs");
  if (extra.length > 0) throw new UsageError(`run: unexpected argument '${extra[0]}'`);
  if (values.db !== undefined && values.memory) throw new UsageError("run: --db and --memory exclude each other");
  const input = values.input === undefined ? undefined : jsonArg(values.input as string, "--input");
  const callbackResult = values["succeed-callbacks"] as string | undefined;
  if (callbackResult !== undefined) jsonArg(callbackResult, "--succeed-callbacks");
  const realTime = values["real-time"] === true;

  const loaded = await loadHandler(file);
  const service = new LocalDurableService({
    store: values.db === undefined ? "memory" : { sqlite: values.db as string },
    clock: realTime ? "real" : "virtual",
  });
  const http = createHttpServer(service, { events: eventFeedFrom(service), views: service });
  const subscriptions: Subscription[] = [];
  const view = new ProgressView(io);
  try {
    service.register(loaded.functionName, loaded.handler);
    const { endpoint } = await http.listen();
    io.out(`durable-rx run ${file}`);
    io.out(`  function  ${loaded.functionName} (export ${loaded.exportName})`);
    io.out(`  clock     ${realTime ? "real time" : "virtual: waits and retry delays pass at once"}`);
    io.out(`  store     ${values.db === undefined ? "memory" : `SQLite ${values.db}`}`);
    io.out(`  endpoint  ${endpoint}`);
    // Real time leaves time to watch: the service serves its dashboard for the run's length.
    if (realTime) io.out(`  dashboard ${endpoint}/dashboard`);
    const arn = service.start(loaded.functionName, input, { name: values.name as string | undefined });
    io.out(`  execution ${arn}`);
    io.out("");
    const events$ = service.eventsFrom$(0, { executionArn: arn });
    subscriptions.push(events$.subscribe((event) => view.onEvent(event)));
    subscriptions.push(
      events$.pipe(filter(isCallbackStart)).subscribe((event) => {
        if (callbackResult === undefined) view.hint(callbackHint(event, endpoint));
      }),
    );
    if (callbackResult !== undefined) subscriptions.push(autoSucceedCallbacks(service, events$, callbackResult, view));

    let execution: LocalExecution;
    try {
      execution = await service.waitForEnd(arn);
    } catch (error) {
      view.close();
      io.out("");
      io.err(`durable-rx: ${error instanceof Error ? error.message : String(error)}`);
      if (!realTime) io.err("  (time is virtual: a callback must come from --succeed-callbacks, or run with --real-time to send it yourself)");
      printTable(io, service.execution(arn));
      return 1;
    }
    // Let the last events (the execution's end) reach the view before the summary.
    await new Promise((resolve) => setImmediate(resolve));
    view.close();
    io.out("");
    printOutcome(io, execution);
    printTable(io, execution);
    return execution.status === "SUCCEEDED" ? 0 : 1;
  } finally {
    subscriptions.forEach((subscription) => subscription.unsubscribe());
    view.close();
    await http.close();
    await service.close();
  }
}

const isCallbackStart = (event: LocalServiceEvent): boolean =>
  event.type === "operation.started" && event.operationType === "CALLBACK" && event.detail.callbackId !== undefined;

function callbackHint(event: LocalServiceEvent, endpoint: string): string {
  return `to complete it: durable-rx callback succeed ${event.detail.callbackId} '<json>' --endpoint ${endpoint}`;
}

/**
 * `--succeed-callbacks JSON`: a stand-in for the person or system that would answer,
 * completing each callback as soon as it starts through the service's Lambda API (the
 * same SendDurableExecutionCallbackSuccess the HTTP endpoint serves). In process rather
 * than over HTTP, so skipped time cannot run a callback's timeout out while the request
 * is on its way.
 */
function autoSucceedCallbacks(
  service: LocalDurableService,
  events$: ReturnType<LocalDurableService["eventsFrom$"]>,
  result: string,
  view: ProgressView,
): Subscription {
  return events$.pipe(filter(isCallbackStart)).subscribe((event) => {
    const callbackId = event.detail.callbackId as string;
    service.sendDurableExecutionCallbackSuccess({ CallbackId: callbackId, Result: result }).then(
      () => view.hint(`--succeed-callbacks answered ${oneLine(result)}`),
      (error: unknown) => view.hint(`--succeed-callbacks could not complete ${callbackId}: ${error instanceof Error ? error.message : String(error)}`),
    );
  });
}

function printOutcome(io: CommandIo, execution: LocalExecution): void {
  io.out(`status: ${execution.status}`);
  if (execution.result !== undefined) io.out(`result: ${execution.result}`);
  if (execution.error) io.out(`error:  ${execution.error.ErrorType ?? "Error"}: ${execution.error.ErrorMessage ?? ""}`);
  const invocations = execution.invocations.map((invocation) => invocation.outcome ?? "RUNNING").join(", ");
  io.out(`invocations: ${execution.invocations.length} (${invocations})`);
}

function printTable(io: CommandIo, execution: LocalExecution): void {
  io.out("");
  for (const line of operationTable(execution.operations, io.columns)) io.out(line);
}
