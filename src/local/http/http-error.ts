import type { ServerResponse } from "node:http";
import { EngineError } from "../engine/engine-error.js";

/**
 * An error the HTTP layer answers with before (or instead of) asking the service:
 * malformed requests, oversized bodies, unknown routes, refused Host or Origin.
 * `name` is what goes into `x-amzn-errortype`, so the AWS SDK throws it as `e.name`.
 */
export class HttpError extends Error {
  constructor(
    override readonly name: string,
    readonly statusCode: number,
    message: string,
    /** Extra response headers (`Allow` on a 405). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The model's "could not be parsed" error: malformed JSON, wrong member types, bad headers. */
export const invalidContent = (message: string): HttpError => new HttpError("InvalidRequestContentException", 400, message);

/** The model's error for a body over its quota (Invoke lists it; we use it for every route's transport cap). */
export const tooLarge = (limit: number): HttpError =>
  new HttpError("RequestTooLargeException", 413, `Request must be smaller than ${limit} bytes for this operation.`);

/**
 * The model spells the message member `Message` for some exceptions and `message` for
 * others; the AWS SDK reads either, but answering in the model's spelling keeps other
 * clients (the official testing library, curl users reading the JSON) honest.
 */
const CAPITAL_MESSAGE = new Set([
  "ResourceNotFoundException",
  "ServiceException",
  "CallbackTimeoutException",
  "DurableExecutionAlreadyStartedException",
]);

export interface ErrorReply {
  statusCode: number;
  name: string;
  message: string;
  headers: Readonly<Record<string, string>>;
}

/**
 * What a thrown value becomes on the wire: EngineError and HttpError keep their name and
 * status; anything else is the service failing, a 500 ServiceException (never a crash,
 * never a stack trace sent to the client).
 */
export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof EngineError || error instanceof HttpError) {
    const headers = error instanceof HttpError ? error.headers : {};
    return { statusCode: error.statusCode, name: error.name, message: error.message, headers };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { statusCode: 500, name: "ServiceException", message: `Internal service error: ${message}`, headers: {} };
}

/** Writes an error as the Lambda REST API does: status, `x-amzn-errortype`, `{message}` (PROTOCOL.md §15.4). */
export function sendError(res: ServerResponse, error: unknown, extraHeaders: Record<string, string> = {}): void {
  const reply = toErrorReply(error);
  const body = JSON.stringify({ [CAPITAL_MESSAGE.has(reply.name) ? "Message" : "message"]: reply.message });
  if (res.headersSent) {
    // Too late for a status line: the best we can do is end the response.
    res.end();
    return;
  }
  res.writeHead(reply.statusCode, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-amzn-errortype": reply.name,
    ...reply.headers,
    ...extraHeaders,
  });
  res.end(body);
}
