import type { IncomingMessage, ServerResponse } from "node:http";
import { convertTimestamps, toEpochSeconds } from "../engine/wire.js";
import { streamEvents, type EventFeed } from "./event-stream.js";
import { HttpError } from "./http-error.js";
import { parseTemplate, type PathTemplate } from "./match-path.js";
import type { QueryParams } from "./query-params.js";

/** An execution as `GET /executions` lists it: ListDurableExecutionsByFunction's item, timestamps epoch ms. */
export interface ExecutionListItem {
  DurableExecutionArn: string;
  DurableExecutionName: string;
  FunctionArn: string;
  Status: string;
  StartTimestamp: number;
  EndTimestamp?: number;
}

/** Every execution the service holds, for the dashboard. */
export type ExecutionLister = () => readonly ExecutionListItem[] | Promise<readonly ExecutionListItem[]>;

/** A route of the service's own (not the Lambda API): exact path, no body. */
export interface ServiceRoute {
  method: "GET";
  path: PathTemplate;
  handle(req: IncomingMessage, res: ServerResponse, query: QueryParams): Promise<void>;
}

export interface ServiceRouteConfig {
  events?: EventFeed;
  executions?: ExecutionLister;
  dashboard?: (req: IncomingMessage, res: ServerResponse) => void;
  heartbeatMs: number;
  /** Registers a stream's `end` so closing the server ends it; returns the unregister. */
  onStream(end: () => void): () => void;
}

const MAX_BUFFERED_SSE_BYTES = 4 * 1024 * 1024;

/**
 * `GET /events` (server-sent events, `?executionArn=` to follow one execution,
 * `Last-Event-ID` or `?lastEventId=` to resume), `GET /executions` (every execution,
 * newest first, as JSON with the Lambda API's epoch-second timestamps) and the reserved
 * `GET /dashboard`.
 */
export function serviceRoutes(config: ServiceRouteConfig): ServiceRoute[] {
  return [
    {
      method: "GET",
      path: parseTemplate("/events"),
      async handle(req, res, query) {
        if (!config.events) throw notServed("/events");
        const lastEventId = headerValue(req.headers["last-event-id"]) ?? query.string("lastEventId");
        const end = streamEvents(req, res, config.events, {
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
        if (!config.executions) throw notServed("/executions");
        const items = [...(await config.executions())].sort((a, b) => b.StartTimestamp - a.StartTimestamp);
        const body = JSON.stringify({ DurableExecutions: convertTimestamps(items, toEpochSeconds) });
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(body) });
        res.end(body);
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

const notServed = (path: string): HttpError =>
  new HttpError("UnknownOperationException", 404, `${path} is not served: the service was started without it.`);

const headerValue = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
