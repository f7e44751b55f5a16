import { UsageError } from "./usage.js";

/** The port `durable-rx dev` listens on unless told otherwise. */
export const DEFAULT_PORT = 8910;

/** `--endpoint`, else `$DURABLE_RX_ENDPOINT`, else the port `durable-rx dev` listens on by default. */
export function resolveEndpoint(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  // An empty variable counts as unset, as shells make it easy to leave one behind.
  const endpoint = given ?? (env.DURABLE_RX_ENDPOINT || `http://127.0.0.1:${DEFAULT_PORT}`);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UsageError(`--endpoint must be a URL such as http://127.0.0.1:${DEFAULT_PORT}, got '${endpoint}'`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--endpoint must be http(s), got '${endpoint}'`);
  return endpoint.replace(/\/+$/, "");
}

/** A connection failure worded for a person: which endpoint, and what usually fixes it. */
export function describeRequestError(error: unknown, endpoint: string): string {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "ENOTFOUND") {
    return `cannot reach the service at ${endpoint} (${code}); is \`durable-rx dev\` running there? (--endpoint URL)`;
  }
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return `${name}: ${message}`;
}
