import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { convertTimestamps, toEpochSeconds } from "../engine/wire.js";
import type { LocalLambdaApi } from "../service/lambda-api.js";
import { HttpError } from "./http-error.js";
import { matchPath, splitPath } from "./match-path.js";
import { QueryParams } from "./query-params.js";
import { readBody } from "./read-body.js";
import type { ApiRoute, RouteReply } from "./route.js";
import type { ServiceRoute } from "./service-routes.js";

export interface DispatchContext {
  api: LocalLambdaApi;
  routes: readonly ApiRoute[];
  extra: readonly ServiceRoute[];
  /** Throws when the request's Host or Origin is not allowed. */
  guard(headers: IncomingHttpHeaders): void;
}

/**
 * One request from start to answer: the Host/Origin guard, the route, the body (size
 * limited), the handler, the reply. Throws whatever goes wrong; the server turns it into
 * an error response.
 */
export async function dispatch(req: IncomingMessage, res: ServerResponse, ctx: DispatchContext): Promise<void> {
  ctx.guard(req.headers);
  const method = req.method ?? "GET";
  const url = req.url ?? "/";
  const queryAt = url.indexOf("?");
  const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? "" : url.slice(queryAt + 1));
  const segments = splitPath(rawPath);

  for (const own of ctx.extra) {
    const label = matchPath(own.path, segments);
    if (label === undefined) continue;
    if (own.method !== method) throw methodNotAllowed(method, [own.method]);
    return own.handle(req, res, { label, query: new QueryParams(query) });
  }

  const route = pickRoute(ctx.routes, segments, method);
  const body = await readBody(req, route.maxBodyBytes, () => {
    // The rest of the body stays unread, so this connection cannot carry another request.
    res.setHeader("connection", "close");
    return route.tooLarge(route.maxBodyBytes);
  });
  const reply = await route.handle(ctx.api, {
    label: matchPath(route.path, segments) as string,
    query: new QueryParams(query),
    headers: req.headers,
    body,
  });
  writeReply(res, reply);
}

/**
 * The most specific route whose path fits (the longest literal suffix wins, so a bare
 * `/…/stop` is never read as an ARN ending in "stop"), if it takes this method.
 */
function pickRoute(routes: readonly ApiRoute[], segments: readonly string[], method: string): ApiRoute {
  const fitting = routes.filter((candidate) => matchPath(candidate.path, segments) !== undefined);
  if (fitting.length === 0) {
    throw new HttpError("UnknownOperationException", 404, `No operation at ${segments.length ? "/" + segments.join("/") : "/"}.`);
  }
  const specificity = (candidate: ApiRoute): number => candidate.path.suffix?.length ?? 0;
  const best = Math.max(...fitting.map(specificity));
  const candidates = fitting.filter((candidate) => specificity(candidate) === best);
  const chosen = candidates.find((candidate) => candidate.method === method);
  if (!chosen) throw methodNotAllowed(method, candidates.map((candidate) => candidate.method));
  return chosen;
}

function methodNotAllowed(method: string, allowed: readonly string[]): HttpError {
  const allow = [...new Set(allowed)].join(", ");
  return new HttpError("MethodNotAllowedException", 405, `Method ${method} is not allowed here; use ${allow}.`, { allow });
}

function writeReply(res: ServerResponse, reply: RouteReply): void {
  const body = "json" in reply ? JSON.stringify(convertTimestamps(reply.json, toEpochSeconds)) : reply.raw;
  const empty = reply.status === 202 || reply.status === 204;
  res.writeHead(reply.status, {
    "content-type": "application/json",
    "content-length": empty ? 0 : Buffer.byteLength(body),
    ...reply.headers,
  });
  res.end(empty ? undefined : body);
}
