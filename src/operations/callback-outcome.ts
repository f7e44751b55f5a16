import { catchError, type Observable, throwError } from "rxjs";
import { CallbackError, CallbackTimeoutError, fromErrorObject, type DurableErrorOptions } from "../errors/index.js";
import { deserializeWith, type Serdes, type SerdesContext } from "../serdes/index.js";
import type { Operation } from "../wire/types.js";
import { fromMaybePromise } from "./maybe-promise.js";

/**
 * What a finished callback delivers, the same whether it finished in this invocation
 * or is read back from the history (PROTOCOL.md §5.3, §6.3):
 * - SUCCEEDED → the result through the serdes; a result that does not deserialize is
 *   a catchable `CallbackError` whose `cause` is the `SerdesError`;
 * - TIMED_OUT → `CallbackTimeoutError` with the service's message;
 * - FAILED (or CANCELLED) → `CallbackError` with the message the external party sent.
 */
export function callbackOutcome<T>(record: Operation, serdes: Serdes<T>, serdesContext: SerdesContext, label: string): Observable<T> {
  if (record.Status !== "SUCCEEDED") return throwError(() => callbackFailure(record));
  return fromMaybePromise(() => deserializeWith(serdes, record.CallbackDetails?.Result, serdesContext)).pipe(
    catchError((error: unknown) =>
      throwError(
        () =>
          new CallbackError(`Callback ${label} was answered with a result that does not deserialize: ${(error as Error).message}`, {
            cause: error,
          }),
      ),
    ),
  );
}

/**
 * The error of a callback that did not succeed. Its message is the one the service
 * holds; its `cause` is named by the ErrorType the party sent (a plain `Error` when it
 * sent none) and `errorData` keeps the party's ErrorData.
 */
export function callbackFailure(record: Operation): CallbackError {
  const errorObject = record.CallbackDetails?.Error;
  const timedOut = record.Status === "TIMED_OUT";
  const fallbackMessage = timedOut ? "Callback timed out" : record.Status === "CANCELLED" ? "Callback was cancelled" : "Callback failed";
  const message = errorObject?.ErrorMessage || fallbackMessage;
  let options: DurableErrorOptions | undefined;
  if (errorObject) {
    options = { cause: fromErrorObject(errorObject, { fallback: (_message, init) => init.cause }) };
    if (errorObject.ErrorData !== undefined) options.errorData = errorObject.ErrorData;
  }
  return timedOut ? new CallbackTimeoutError(message, options) : new CallbackError(message, options);
}
