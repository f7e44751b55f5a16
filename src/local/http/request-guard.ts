import type { IncomingHttpHeaders } from "node:http";
import { HttpError } from "./http-error.js";

/**
 * Who may talk to the service. A browser will send a request to 127.0.0.1 from any
 * page the user opens; two attacks follow, and two checks stop them (ADR 0023):
 * - DNS rebinding: a page on attacker.example re-resolves its own name to 127.0.0.1,
 *   so its requests reach us as same-origin, but carry `Host: attacker.example`.
 *   Only loopback names (and names the user configured) at our port are accepted.
 * - CSRF: a page elsewhere posts a form or a `fetch` here. Browsers add `Origin` to
 *   those; a request with an Origin that is not this service's own is refused.
 * Non-browser clients (the AWS SDK, curl) send a loopback Host and no Origin.
 */
export interface GuardConfig {
  /** The port the server is bound to (known once it listens). */
  port(): number;
  /** Host names accepted besides loopback ones, e.g. a container's name ("host" or "host:port"). */
  allowedHosts: readonly string[];
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** `host:port` split, IPv6 brackets kept; the port is undefined when absent. */
function splitHost(value: string): { name: string; port?: string } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(value);
  if (!match) return { name: value };
  return { name: match[1].toLowerCase(), port: match[2] };
}

/** True when `value` (a Host header, or an Origin's host) names this service. */
function isOwnHost(value: string, config: GuardConfig): boolean {
  const port = String(config.port());
  if (config.allowedHosts.some((allowed) => allowed.toLowerCase() === value.toLowerCase())) return true;
  const { name, port: given } = splitHost(value);
  const samePort = given === port || (given === undefined && port === "80");
  if (!samePort) return false;
  return LOOPBACK.has(name) || config.allowedHosts.some((allowed) => allowed.toLowerCase() === name);
}

/** Throws a 403 unless the request's Host names us and its Origin, if any, is ours. */
export function checkRequestSource(headers: IncomingHttpHeaders, config: GuardConfig): void {
  const host = headers.host;
  if (host === undefined || !isOwnHost(host, config)) {
    throw new HttpError(
      "AccessDeniedException",
      403,
      `Host '${host ?? ""}' is not allowed: use 127.0.0.1, localhost or [::1] with port ${config.port()}, or add the name to allowedHosts.`,
    );
  }
  const origin = headers.origin;
  if (origin === undefined) return;
  if (!isOwnOrigin(origin, config)) {
    throw new HttpError("AccessDeniedException", 403, `Origin '${origin}' is not allowed: only this service's own pages may call it.`);
  }
}

function isOwnOrigin(origin: string, config: GuardConfig): boolean {
  // "null" (sandboxed frames, file: pages) and anything unparsable is someone else.
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" || url.pathname !== "/" || origin.endsWith("/")) return false;
  return isOwnHost(url.host, config);
}
