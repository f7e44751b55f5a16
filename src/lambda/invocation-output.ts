import { DurableError, LimitExceededError, toErrorObject } from "../errors/index.js";
import { LIMITS, utf8Bytes } from "../checkpoint/limits.js";
import type { Checkpointer } from "../checkpoint/checkpointer.js";
import { hashOperationId } from "../ids/index.js";
import type { DurableExecutionInvocationOutput } from "../wire/types.js";

/**
 * The answer for a handler that returned `value` (PROTOCOL.md §1.2–1.3): no Result
 * for undefined; a result too large for the response is checkpointed as the
 * EXECUTION's SUCCEED and the answer carries `Result: ""`; anything larger than any
 * payload fails with a message that says how to offload it.
 */
export async function succeededOutput(value: unknown, checkpointer: Checkpointer): Promise<DurableExecutionInvocationOutput> {
  if (value === undefined) return { Status: "SUCCEEDED" };
  const result = JSON.stringify(value);
  if (result === undefined) return { Status: "SUCCEEDED" };
  const bytes = utf8Bytes(result);
  if (bytes <= LIMITS.maxResponseBytes) return { Status: "SUCCEEDED", Result: result };
  if (bytes > LIMITS.maxPayloadBytes) {
    return failedOutput(
      new LimitExceededError(
        `The handler's result is ${bytes} bytes as JSON; a durable execution's result can be at most ${LIMITS.maxPayloadBytes}. ` +
          "Store it elsewhere (for example S3) and return a reference to it.",
      ),
    );
  }
  // The same hashed raw id the official SDK uses, so both SDKs leave the same history.
  const id = hashOperationId(`execution-result-${Date.now()}`);
  checkpointer.save({ Id: id, Type: "EXECUTION", Action: "SUCCEED", Payload: result }, true);
  await checkpointer.flush();
  return { Status: "SUCCEEDED", Result: "" };
}

export function failedOutput(error: unknown): DurableExecutionInvocationOutput {
  // No StackTrace in the answer, as the official SDK (PROTOCOL.md §18 fact 17).
  return { Status: "FAILED", Error: toErrorObject(error, { stackTrace: false }) };
}

/** Errors that must make the Lambda invocation itself fail, so Lambda retries it. */
export function isInvocationFailure(error: unknown): boolean {
  return DurableError.is(error) && error.failure === "invocation";
}
