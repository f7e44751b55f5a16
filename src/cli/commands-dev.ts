import { filter } from "rxjs";
import { dashboardHandler } from "../local/dashboard/serve-dashboard.js";
import { createHttpServer } from "../local/http/create-http-server.js";
import { eventFeedFrom } from "../local/http/service-event-feed.js";
import { LocalDurableService } from "../local/service/local-durable-service.js";
import { parseCommandArgs, portArg } from "./args.js";
import type { CommandIo } from "./command-io.js";
import { loadHandler } from "./load-handler.js";
import { ProgressView } from "./progress-view.js";
import { DEFAULT_PORT } from "./endpoint.js";
import { UsageError } from "./usage.js";

/**
 * `durable-rx dev <file>`: the service on a port with the file's handler registered
 * under the file's name, the dashboard at `/dashboard` (which offers to start that
 * function), printing every execution's progress, until SIGINT or SIGTERM
 * (then it closes the server and the service, and exits 0). Real time: executions wait
 * as they would in AWS, and callbacks come from outside.
 */
export async function devCommand(args: readonly string[], io: CommandIo, stopped: Promise<string>): Promise<number> {
  const { positionals, values } = parseCommandArgs("dev", args, {
    port: { type: "string" },
    db: { type: "string" },
    host: { type: "string" },
    "allow-host": { type: "string", multiple: true },
  });
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError("dev: expected a handler file, e.g. durable-rx dev handler.mjs");
  if (extra.length > 0) throw new UsageError(`dev: unexpected argument '${extra[0]}'`);
  const port = values.port === undefined ? DEFAULT_PORT : portArg(values.port as string);
  const loaded = await loadHandler(file);
  const service = new LocalDurableService({
    store: values.db === undefined ? "memory" : { sqlite: values.db as string },
    clock: "real",
  });
  service.register(loaded.functionName, loaded.handler);
  const http = createHttpServer(service, {
    host: values.host as string | undefined,
    allowedHosts: (values["allow-host"] as unknown as string[] | undefined) ?? [],
    events: eventFeedFrom(service),
    views: service,
    dashboard: dashboardHandler({ functions: () => [loaded.functionName] }),
  });
  const view = new ProgressView(io, true);
  const subscription = service.events$.subscribe((event) => view.onEvent(event));
  try {
    let endpoint: string;
    try {
      ({ endpoint } = await http.listen(port));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "EADDRINUSE") throw new UsageError(`dev: port ${port} is in use; pick another with --port N (0: any free port)`);
      throw error;
    }
    subscription.add(
      service.events$
        .pipe(filter((event) => event.type === "operation.started" && event.detail.callbackId !== undefined))
        .subscribe((event) => view.hint(`complete it: durable-rx callback succeed ${event.detail.callbackId} '<json>' --endpoint ${endpoint}`)),
    );
    io.out(`durable-rx dev: serving ${loaded.functionName} (${file}, export ${loaded.exportName})`);
    io.out(`  endpoint  ${endpoint}`);
    io.out(`  store     ${values.db === undefined ? "memory" : `SQLite ${values.db}`}`);
    io.out(`  events    ${endpoint}/events`);
    io.out(`  dashboard ${endpoint}/dashboard`);
    io.out("start an execution with the AWS CLI or any LambdaClient pointed at the endpoint:");
    io.out(
      `  aws lambda invoke --endpoint-url ${endpoint} --function-name ${loaded.functionName} --invocation-type Event --payload '{}' --cli-binary-format raw-in-base64-out /dev/stdout`,
    );
    io.out(`  curl -s -X POST -H 'X-Amz-Invocation-Type: Event' -D - -o /dev/null -d '{}' ${endpoint}/2015-03-31/functions/${loaded.functionName}/invocations`);
    io.out("Ctrl-C stops the service.");
    const signal = await stopped;
    view.close();
    io.out(`durable-rx dev: ${signal}, closing`);
    return 0;
  } finally {
    subscription.unsubscribe();
    await http.close();
    await service.close();
  }
}
