import { CheckpointError } from "../errors/index.js";

interface AwsLikeError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const TOKEN_ERROR = /^invalid checkpoint token/i;

/** Whether a failed request may be sent again, unchanged, within this invocation. */
export function isTransient(error: unknown): boolean {
  const status = (error as AwsLikeError | undefined)?.$metadata?.httpStatusCode;
  return status === undefined || status === 429 || status >= 500;
}

/**
 * PROTOCOL.md §8: a stale checkpoint token (matched case-insensitively: the service
 * writes both "Invalid Checkpoint Token" and "Invalid checkpoint token") and every
 * transient fault end the invocation so Lambda retries it; any other 4xx means the
 * execution itself cannot go on, and it FAILS.
 */
export function classifyCheckpointError(error: unknown): CheckpointError {
  const aws = (error ?? {}) as AwsLikeError;
  const status = aws.$metadata?.httpStatusCode;
  const message = aws.message ?? String(error);
  const clientError = status !== undefined && status >= 400 && status < 500;
  const tokenError = clientError && aws.name === "InvalidParameterValueException" && TOKEN_ERROR.test(message);
  const failure = clientError && status !== 429 && !tokenError ? "execution" : "invocation";
  return new CheckpointError(`Checkpoint failed: ${message}`, { cause: error, failure });
}
