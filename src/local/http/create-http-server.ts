import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalLambdaApi } from "../service/lambda-api.js";
import { DEFAULT_BODY_LIMITS, type BodyLimits } from "./body-limits.js";
import type { EventFeed } from "./event-stream.js";
import { EngineError } from "../engine/engine-error.js";
import { HttpError, sendError } from "./http-error.js";
import { lambdaRoutes } from "./lambda-routes.js";
import { checkRequestSource } from "./request-guard.js";
import { serviceRoutes, type ExecutionViews } from "./service-routes.js";
import { dispatch } from "./dispatch.js";
import { dashboardHandler } from "../dashboard/serve-dashboard.js";

export interface HttpServerOptions {
  /** The interface to bind (default 127.0.0.1: the service is for this machine only). */
  host?: string;
  /** Host names accepted besides 127.0.0.1, localhost and [::1] (`"name"` at our port, or `"name:port"`). */
  allowedHosts?: readonly string[];
  /** Body limits per kind of request (ADR 0012); unset ones keep their default. */
  limits?: Partial<BodyLimits>;
  /** The source of `GET /events`; without one that route answers 404. */
  events?: EventFeed;
  /** The source of `GET /executions` and `GET /executions/{arn}`; without one they answer 404. */
  views?: ExecutionViews;
  /** Milliseconds between SSE heartbeat comments (default 15 s). */
  heartbeatMs?: number;
  /**
   * Serves `GET /dashboard`. Default: the built-in dashboard when `views` and `events`
   * are both given (it reads them), else 501.
   */
  dashboard?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Told about every 500 the server answers (default: console.error). */
  onInternalError?: (error: unknown, request: { method?: string; url?: string }) => void;
}

export interface LocalHttpServer {
  readonly server: Server;
  /** `http://127.0.0.1:<port>` once listening. */
  readonly endpoint: string | undefined;
  /** Starts listening (port 0, the default, picks a free one). */
  listen(port?: number): Promise<{ endpoint: string; port: number }>;
  /** Stops accepting, ends every event stream and open connection, and resolves once closed. */
  close(): Promise<void>;
}

/**
 * The Lambda REST API of the local service on `node:http` (PROTOCOL.md §15), plus the
 * routes the dashboard reads (`GET /events`, `GET /executions`). Every request passes
 * the Host/Origin guard (ADR 0023), every body is size-limited before it is read (ADR 0012), and
 * every failure, expected or not, becomes an error response in the model's shape.
 *
 * @example
 * ```ts
 * const http = createHttpServer(service, { events: service.eventFeed });
 * const { endpoint } = await http.listen(4000);
 * const client = new LambdaClient({ endpoint, region: "us-east-1", credentials });
 * ```
 */
export function createHttpServer(api: LocalLambdaApi, options: HttpServerOptions = {}): LocalHttpServer {
  const host = options.host ?? "127.0.0.1";
  const limits: BodyLimits = { ...DEFAULT_BODY_LIMITS, ...options.limits };
  const streams = new Set<() => void>();
  const server = createServer();
  const port = (): number => (server.address() as AddressInfo | null)?.port ?? 0;
  const guard = { port, allowedHosts: options.allowedHosts ?? [] };
  const routes = lambdaRoutes(limits);
  const extra = serviceRoutes({
    events: options.events,
    views: options.views,
    dashboard: options.dashboard ?? (options.views && options.events ? dashboardHandler() : undefined),
    heartbeatMs: options.heartbeatMs ?? 15_000,
    onStream: (end) => {
      streams.add(end);
      return () => streams.delete(end);
    },
  });
  const onInternalError =
    options.onInternalError ?? ((error, request) => console.error(`durable-rx: ${request.method} ${request.url} failed:`, error));

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader("x-amzn-requestid", randomUUID());
    // One catch for everything: a handler bug answers 500, it never takes the process down.
    dispatch(req, res, { api, routes, extra, guard: (headers) => checkRequestSource(headers, guard) }).catch((error) => {
      sendErrorSafely(res, error);
      if (isUnexpected(error)) onInternalError(error, { method: req.method, url: req.url });
    });
  });
  // A request the HTTP parser rejects never reaches "request"; answer it in the model's
  // shape like any other bad request (error type and message), and hang up.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy();
    socket.end(malformedRequestAnswer(error));
  });

  let endpoint: string | undefined;
  return {
    server,
    get endpoint() {
      return endpoint;
    },
    listen(requested = 0) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(requested, host, () => {
          server.off("error", reject);
          const shownHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
          endpoint = `http://${shownHost}:${port()}`;
          resolve({ endpoint, port: port() });
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        for (const end of [...streams]) end();
        if (!server.listening) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets and long RequestResponse invokes would hold close() open.
        server.closeAllConnections();
      });
    },
  };
}

function sendErrorSafely(res: ServerResponse, error: unknown): void {
  try {
    sendError(res, error);
  } catch {
    res.destroy();
  }
}

/** The raw answer to a request the HTTP parser refused: 431 for oversized headers, else 400. */
function malformedRequestAnswer(error: NodeJS.ErrnoException): string {
  const headersTooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = headersTooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request";
  const reason = (error.message || "unreadable request").replace(/[^\x20-\x7e]/g, "?");
  const body = JSON.stringify({ message: `Malformed HTTP request: ${reason}` });
  return (
    `HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-type: application/json\r\n` +
    `x-amzn-errortype: ${headersTooLarge ? "RequestHeaderFieldsTooLargeException" : "InvalidRequestContentException"}\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** Errors the service answers on purpose are not worth a log line; anything else is a bug to see. */
const isUnexpected = (error: unknown): boolean => !(error instanceof HttpError) && !(error instanceof EngineError);
