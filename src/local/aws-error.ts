import { EngineError } from "./engine/engine-error.js";

/** The `$metadata` the AWS SDK attaches to every response and error. */
export interface ResponseMetadata {
  httpStatusCode: number;
  requestId: string;
  attempts: number;
  totalRetryDelay: number;
}

/**
 * An error shaped as `@aws-sdk/client-lambda` throws it after a service error response:
 * `name` is the error type, `$fault` says whose fault, `$metadata.httpStatusCode` carries
 * the status (PROTOCOL.md §15.4). The SDK classifies checkpoint failures by exactly these
 * fields (§8), so the in-process double must produce them faithfully.
 */
export class AwsServiceError extends Error {
  override readonly name: string;
  readonly $fault: "client" | "server";
  readonly $metadata: ResponseMetadata;
  /** Modeled exceptions carry `Type`; the service leaves it unset for these errors. */
  readonly Type?: string;

  constructor(name: string, message: string, statusCode: number, requestId: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = name;
    this.$fault = statusCode >= 500 ? "server" : "client";
    this.$metadata = { httpStatusCode: statusCode, requestId, attempts: 1, totalRetryDelay: 0 };
  }
}

/**
 * What the AWS SDK would have thrown for `error` raised while serving a request: engine
 * errors keep their name and status; anything else is the service failing, a 500
 * ServiceException (the original stays as `cause` for debugging).
 */
export function toAwsError(error: unknown, requestId: string): AwsServiceError {
  if (error instanceof EngineError) return new AwsServiceError(error.name, error.message, error.statusCode, requestId);
  const message = error instanceof Error ? error.message : String(error);
  return new AwsServiceError("ServiceException", `Internal service error: ${message}`, 500, requestId, error);
}
