import type { IncomingHttpHeaders } from "node:http";
import type { LocalLambdaApi } from "../service/lambda-api.js";
import { parseTemplate, type PathTemplate } from "./match-path.js";
import type { QueryParams } from "./query-params.js";

/** What a route handler gets: the decoded label, the query, the headers, the whole body. */
export interface RouteRequest {
  label: string;
  query: QueryParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A JSON document (timestamps converted by the server) or raw bytes, with a status. */
export type RouteReply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; raw: string; headers?: Record<string, string> };

export interface ApiRoute {
  /** The Lambda operation name, for messages. */
  operation: string;
  method: "GET" | "POST";
  path: PathTemplate;
  /** The most bytes a body may have; reading stops as soon as a request passes it. */
  maxBodyBytes: number;
  /** The error for a body over `maxBodyBytes`. */
  tooLarge(limit: number): Error;
  handle(api: LocalLambdaApi, request: RouteRequest): Promise<RouteReply>;
}

export function route(
  operation: string,
  method: ApiRoute["method"],
  template: string,
  limits: Pick<ApiRoute, "maxBodyBytes" | "tooLarge">,
  handle: ApiRoute["handle"],
): ApiRoute {
  return { operation, method, path: parseTemplate(template), ...limits, handle };
}
