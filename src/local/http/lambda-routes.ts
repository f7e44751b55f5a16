import type { ErrorObject } from "../../wire/types.js";
import { EngineError } from "../engine/engine-error.js";
import type { InvokeInput } from "../service/lambda-api.js";
import { callbackResultLimit, limitedTo, type BodyLimits } from "./body-limits.js";
import { invalidContent } from "./http-error.js";
import { CheckpointBodyStruct, ErrorObjectStruct, parseJsonBody, requireMember } from "./request-bodies.js";
import { route, type ApiRoute, type RouteReply } from "./route.js";

/**
 * The Lambda REST API's durable-execution operations (PROTOCOL.md §15, the URIs and
 * bindings of shared/model/lambda.json), each a thin translation between HTTP and one
 * method of LocalLambdaApi. Routes with a longer suffix come first, so a label typed with
 * bare slashes still reaches `/state` rather than GetDurableExecution.
 */
export function lambdaRoutes(limits: BodyLimits): ApiRoute[] {
  const none = limitedTo(limits.none);
  const errorBody = limitedTo(limits.errorObject);
  const executions = "/2025-12-01/durable-executions/{DurableExecutionArn}";
  const callbacks = "/2025-12-01/durable-execution-callbacks/{CallbackId}";
  return [
    route("Invoke", "POST", "/2015-03-31/functions/{FunctionName}/invocations", limitedTo(limits.invoke), async (api, req) => {
      const output = await api.invoke({
        FunctionName: req.label,
        Qualifier: req.query.string("Qualifier"),
        InvocationType: invocationType(req.headers["x-amz-invocation-type"]),
        DurableExecutionName: header(req.headers["x-amz-durable-execution-name"]),
        Payload: invokePayload(req.body),
      });
      // Each header only when the service has a value: a DryRun starts nothing (no ARN), and
      // Lambda reports the executed version of synchronous invokes only.
      const headers: Record<string, string> = {};
      if (output.DurableExecutionArn) headers["x-amz-durable-execution-arn"] = output.DurableExecutionArn;
      if (output.ExecutedVersion !== undefined) headers["x-amz-executed-version"] = output.ExecutedVersion;
      if (output.FunctionError !== undefined) headers["x-amz-function-error"] = output.FunctionError;
      return { status: output.StatusCode, raw: output.Payload ?? "", headers };
    }),
    route("CheckpointDurableExecution", "POST", `${executions}/checkpoint`, limitedTo(limits.checkpoint), async (api, req) => {
      const body = parseJsonBody(req.body, CheckpointBodyStruct);
      return json(
        await api.checkpointDurableExecution({
          DurableExecutionArn: req.label,
          CheckpointToken: requireMember(body.CheckpointToken, "checkpointToken"),
          // Shapes are checked above; the engine checks every rule and constraint of the model.
          Updates: body.Updates as Parameters<typeof api.checkpointDurableExecution>[0]["Updates"],
          ClientToken: body.ClientToken,
        }),
      );
    }),
    route("GetDurableExecutionState", "GET", `${executions}/state`, none, async (api, req) =>
      json(
        await api.getDurableExecutionState({
          DurableExecutionArn: req.label,
          CheckpointToken: requireMember(req.query.string("CheckpointToken"), "checkpointToken"),
          Marker: req.query.string("Marker"),
          MaxItems: req.query.integer("MaxItems"),
        }),
      ),
    ),
    route("GetDurableExecutionHistory", "GET", `${executions}/history`, none, async (api, req) =>
      json(
        await api.getDurableExecutionHistory({
          DurableExecutionArn: req.label,
          IncludeExecutionData: req.query.boolean("IncludeExecutionData"),
          MaxItems: req.query.integer("MaxItems"),
          Marker: req.query.string("Marker"),
          ReverseOrder: req.query.boolean("ReverseOrder"),
        }),
      ),
    ),
    route("StopDurableExecution", "POST", `${executions}/stop`, errorBody, async (api, req) =>
      json(await api.stopDurableExecution({ DurableExecutionArn: req.label, Error: errorObject(req.body) })),
    ),
    route("GetDurableExecution", "GET", executions, none, async (api, req) =>
      json(
        await api.getDurableExecution({
          DurableExecutionArn: req.label,
          IncludeExecutionData: req.query.boolean("IncludeExecutionData"),
        }),
      ),
    ),
    route("ListDurableExecutionsByFunction", "GET", "/2025-12-01/functions/{FunctionName}/durable-executions", none, async (api, req) =>
      json(
        await api.listDurableExecutionsByFunction({
          FunctionName: req.label,
          Qualifier: req.query.string("Qualifier"),
          DurableExecutionName: req.query.string("DurableExecutionName"),
          Statuses: executionStatuses(req.query.list("Statuses")),
          StartedAfter: req.query.timestamp("StartedAfter"),
          StartedBefore: req.query.timestamp("StartedBefore"),
          ReverseOrder: req.query.boolean("ReverseOrder"),
          Marker: req.query.string("Marker"),
          MaxItems: req.query.integer("MaxItems"),
        }),
      ),
    ),
    route(
      "SendDurableExecutionCallbackSuccess",
      "POST",
      `${callbacks}/succeed`,
      callbackResultLimit(limits.callbackResult),
      async (api, req) =>
        // The result is the raw body (octet-stream, §18.54); its bytes become CallbackDetails.Result.
        json(await api.sendDurableExecutionCallbackSuccess({ CallbackId: req.label, Result: optionalText(req.body, "Result") })),
    ),
    route("SendDurableExecutionCallbackFailure", "POST", `${callbacks}/fail`, errorBody, async (api, req) =>
      json(await api.sendDurableExecutionCallbackFailure({ CallbackId: req.label, Error: errorObject(req.body) })),
    ),
    route("SendDurableExecutionCallbackHeartbeat", "POST", `${callbacks}/heartbeat`, none, async (api, req) =>
      json(await api.sendDurableExecutionCallbackHeartbeat({ CallbackId: req.label })),
    ),
  ];
}

const json = (value: unknown): RouteReply => ({ status: 200, json: value });

const header = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

const INVOCATION_TYPES = ["RequestResponse", "Event", "DryRun"] as const;

function invocationType(value: string | string[] | undefined): InvokeInput["InvocationType"] {
  const given = header(value);
  if (given === undefined) return "RequestResponse";
  if ((INVOCATION_TYPES as readonly string[]).includes(given)) return given as InvokeInput["InvocationType"];
  throw new EngineError(
    "ValidationException",
    `1 validation error detected: Value '${given}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [${INVOCATION_TYPES.join(", ")}]`,
  );
}

const EXECUTION_STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"];

function executionStatuses(values: string[] | undefined): string[] | undefined {
  const unknown = values?.find((value) => !EXECUTION_STATUSES.includes(value));
  if (unknown !== undefined) {
    throw new EngineError(
      "ValidationException",
      `1 validation error detected: Value '${unknown}' at 'statuses' failed to satisfy constraint: Member must satisfy enum value set: [${EXECUTION_STATUSES.join(", ")}]`,
    );
  }
  return values;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A blob member as text; an empty body is an absent member (the SDK sends none for it). */
function optionalText(body: Buffer, member: string): string | undefined {
  if (body.length === 0) return undefined;
  try {
    return utf8.decode(body);
  } catch {
    throw invalidContent(`${member} is not valid UTF-8.`);
  }
}

/** Lambda only takes JSON payloads; the execution's input is stored as this text. */
function invokePayload(body: Buffer): string | undefined {
  const text = optionalText(body, "Payload");
  if (text === undefined) return undefined;
  try {
    JSON.parse(text);
  } catch (error) {
    throw invalidContent(`Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`);
  }
  return text;
}

/** The body is the ErrorObject itself (a payload member); `{}` is no error at all. Unknown members are dropped. */
function errorObject(body: Buffer): ErrorObject | undefined {
  const { ErrorType, ErrorMessage, ErrorData, StackTrace } = parseJsonBody(body, ErrorObjectStruct);
  const error: ErrorObject = {};
  if (ErrorType !== undefined) error.ErrorType = ErrorType;
  if (ErrorMessage !== undefined) error.ErrorMessage = ErrorMessage;
  if (ErrorData !== undefined) error.ErrorData = ErrorData;
  if (StackTrace !== undefined) error.StackTrace = StackTrace;
  return Object.keys(error).length === 0 ? undefined : error;
}
