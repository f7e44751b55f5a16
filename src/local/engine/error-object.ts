import type { ErrorObject } from "../../wire/types.js";

/**
 * What the service records for a thrown invocation, like Lambda's own function-error
 * payload (`errorType`, `errorMessage`, `trace`) in the API's ErrorObject spelling.
 */
export function toErrorObject(thrown: unknown): ErrorObject {
  if (thrown instanceof Error) {
    const error: ErrorObject = { ErrorType: thrown.name, ErrorMessage: thrown.message };
    if (thrown.stack) error.StackTrace = thrown.stack.split("\n");
    return error;
  }
  if (typeof thrown === "object" && thrown !== null && "message" in thrown) {
    const { name, message } = thrown as { name?: unknown; message?: unknown };
    return { ErrorType: typeof name === "string" ? name : "Error", ErrorMessage: String(message) };
  }
  return { ErrorType: "Error", ErrorMessage: String(thrown) };
}
