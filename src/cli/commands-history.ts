import { paginateGetDurableExecutionHistory, type Event } from "@aws-sdk/client-lambda";
import { parseCommandArgs } from "./args.js";
import type { CommandIo } from "./command-io.js";
import { table } from "./format.js";
import { historyRows } from "./history-lines.js";
import { resolveEndpoint } from "./endpoint.js";
import { localLambdaClient } from "./service-client.js";
import { UsageError } from "./usage.js";

/** `durable-rx history <executionArn> [--endpoint URL] [--json]`: every page, through the real LambdaClient. */
export async function historyCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { positionals, values } = parseCommandArgs("history", args, { endpoint: { type: "string" }, json: { type: "boolean" } });
  const [arn, ...extra] = positionals;
  if (!arn) throw new UsageError("history: expected an execution ARN");
  if (extra.length > 0) throw new UsageError(`history: unexpected argument '${extra[0]}'`);
  const client = localLambdaClient(resolveEndpoint(values.endpoint as string | undefined, io.env));
  const events: Event[] = [];
  try {
    const pages = paginateGetDurableExecutionHistory({ client, pageSize: 1000 }, { DurableExecutionArn: arn, IncludeExecutionData: true });
    for await (const page of pages) events.push(...(page.Events ?? []));
  } finally {
    client.destroy();
  }
  if (values.json) {
    io.out(JSON.stringify({ Events: events }, null, 2));
    return 0;
  }
  io.out(`${arn}: ${events.length} event${events.length === 1 ? "" : "s"}`);
  for (const line of table(["#", "at", "event", "operation", "detail"], historyRows(events, io.columns), io.columns)) io.out(line);
  return 0;
}
