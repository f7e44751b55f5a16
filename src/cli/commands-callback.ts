import {
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
  type ErrorObject,
} from "@aws-sdk/client-lambda";
import { LIMITS } from "../checkpoint/limits.js";
import { jsonArg, parseCommandArgs } from "./args.js";
import type { CommandIo } from "./command-io.js";
import { resolveEndpoint } from "./endpoint.js";
import { localLambdaClient } from "./service-client.js";
import { UsageError } from "./usage.js";

const ACTIONS = ["succeed", "fail", "heartbeat"] as const;

/** `durable-rx callback succeed|fail|heartbeat <callbackId> [JSON] [--endpoint URL]`, through the real LambdaClient. */
export async function callbackCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { positionals, values } = parseCommandArgs("callback", args, { endpoint: { type: "string" } });
  const [action, callbackId, json, ...extra] = positionals;
  if (!(ACTIONS as readonly string[]).includes(action ?? "")) {
    throw new UsageError(`callback: expected succeed, fail or heartbeat, got ${action === undefined ? "nothing" : `'${action}'`}`);
  }
  if (!callbackId) throw new UsageError(`callback ${action}: expected a callback id`);
  if (extra.length > 0 || (action === "heartbeat" && json !== undefined)) {
    throw new UsageError(`callback ${action}: unexpected argument '${action === "heartbeat" ? json : extra[0]}'`);
  }
  // The result goes as the text given, so the workflow receives byte for byte what was typed.
  const result = json ?? "null";
  if (action === "succeed") {
    jsonArg(result, "the callback result");
    // Checked here, where it can be fixed, rather than refused by the service.
    const bytes = Buffer.byteLength(result, "utf8");
    if (bytes > LIMITS.maxCallbackResultBytes) {
      throw new UsageError(`callback succeed: the result is ${bytes} bytes; a callback result can be at most ${LIMITS.maxCallbackResultBytes} bytes`);
    }
  }
  const error = action === "fail" ? errorObjectArg(json) : undefined;
  const endpoint = resolveEndpoint(values.endpoint as string | undefined, io.env);
  const client = localLambdaClient(endpoint);
  try {
    if (action === "succeed") {
      await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: new TextEncoder().encode(result) }));
    } else if (action === "fail") {
      await client.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: error }));
    } else {
      await client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
    }
  } finally {
    client.destroy();
  }
  io.out(`callback ${callbackId}: ${action === "heartbeat" ? "heartbeat sent" : `${action === "succeed" ? "succeeded" : "failed"}`}`);
  return 0;
}

function errorObjectArg(json: string | undefined): ErrorObject {
  if (json === undefined) return { ErrorType: "CallbackFailed", ErrorMessage: "Failed from the durable-rx CLI" };
  const value = jsonArg(json, "the callback error");
  if (typeof value === "string") return { ErrorMessage: value };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError("callback fail: the error must be a JSON object ({\"ErrorType\",\"ErrorMessage\",\"ErrorData\"}) or a string");
  }
  const known = ["ErrorType", "ErrorMessage", "ErrorData", "StackTrace"];
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown) throw new UsageError(`callback fail: unknown error member '${unknown}' (expected ${known.join(", ")})`);
  return value as ErrorObject;
}
