import type { IncomingMessage, ServerResponse } from "node:http";
import type { LocalExecution } from "../service/execution-view.js";
import { streamEvents, type EventFeed } from "./event-stream.js";
import { HttpError } from "./http-error.js";
import { parseTemplate, type PathTemplate } from "./match-path.js";
import type { QueryParams } from "./query-params.js";

/** The service's own read views, for the dashboard (LocalDurableService has both). */
export interface ExecutionViews {
  /** Every execution. */
  executions(): readonly LocalExecution[];
  /** One execution; throws ResourceNotFoundException when unknown. */
  execution(arn: string): LocalExecution;
}

/** An execution as `GET /executions` lists it: the LocalExecution without its operations and invocations. */
export type ExecutionSummary = Omit<LocalExecution, "operations" | "invocations" | "inputPayload" | "result" | "error"> & {
  operationCount: number;
  invocationCount: number;
};

/** A route of the service's own (not the Lambda API): GET only, no body. */
export interface ServiceRoute {
  method: "GET";
  path: PathTemplate;
  handle(req: IncomingMessage, res: ServerResponse, request: { label: string; query: QueryParams }): Promise<void>;
}

export interface ServiceRouteConfig {
  events?: EventFeed;
  views?: ExecutionViews;
  dashboard?: (req: IncomingMessage, res: ServerResponse) => void;
  heartbeatMs: number;
  /** Registers a stream's `end` so closing the server ends it; returns the unregister. */
  onStream(end: () => void): () => void;
}

const MAX_BUFFERED_SSE_BYTES = 4 * 1024 * 1024;

/**
 * The service's own routes, in its own shapes (camelCase, epoch-ms timestamps, like the
 * events): `GET /events` (server-sent events; `?executionArn=` follows one execution,
 * `Last-Event-ID` or `?lastEventId=` resumes), `GET /executions` (every execution, newest
 * first), `GET /executions/{arn}` (one, with its operations and invocations) and the
 * reserved `GET /dashboard`.
 */
export function serviceRoutes(config: ServiceRouteConfig): ServiceRoute[] {
  const views = (): ExecutionViews => {
    if (!config.views) throw notServed("/executions");
    return config.views;
  };
  return [
    {
      method: "GET",
      path: parseTemplate("/events"),
      async handle(req, res, { query }) {
        if (!config.events) throw notServed("/events");
        const lastEventId = headerValue(req.headers["last-event-id"]) ?? query.string("lastEventId");
        const end = streamEvents(res, config.events, {
          executionArn: query.string("executionArn"),
          lastEventId,
          heartbeatMs: config.heartbeatMs,
          maxBufferedBytes: MAX_BUFFERED_SSE_BYTES,
        });
        const unregister = config.onStream(end);
        res.on("close", unregister);
      },
    },
    {
      method: "GET",
      path: parseTemplate("/executions"),
      async handle(_req, res) {
        const executions = [...views().executions()].sort((a, b) => b.startedAt - a.startedAt).map(summarize);
        sendJson(res, { executions });
      },
    },
    {
      method: "GET",
      path: parseTemplate("/executions/{DurableExecutionArn}"),
      async handle(_req, res, { label }) {
        sendJson(res, views().execution(label));
      },
    },
    {
      method: "GET",
      path: parseTemplate("/dashboard"),
      async handle(req, res) {
        if (!config.dashboard) {
          throw new HttpError("NotImplementedException", 501, "The dashboard is not part of this version of durable-rx yet.");
        }
        config.dashboard(req, res);
      },
    },
  ];
}

function summarize(execution: LocalExecution): ExecutionSummary {
  const { operations, invocations, inputPayload: _input, result: _result, error: _error, ...summary } = execution;
  return { ...summary, operationCount: operations.length, invocationCount: invocations.length };
}

function sendJson(res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

const notServed = (path: string): HttpError =>
  new HttpError("UnknownOperationException", 404, `${path} is not served: the service was started without it.`);

const headerValue = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
