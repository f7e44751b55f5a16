import { type Observable, throwError } from "rxjs";
import { fromErrorObject, InvokeError, type DurableErrorOptions } from "../errors/index.js";
import { deserializeWith, type Serdes, type SerdesContext } from "../serdes/index.js";
import type { Operation } from "../wire/types.js";

/**
 * The invoked function's result through `resultSerdes`, the same live and on replay.
 * A synchronous serdes answers synchronously (the replay hot path); a result that does
 * not deserialize is a catchable `InvokeError` whose `cause` is the `SerdesError`: the
 * data came from another function, as a callback's comes from outside.
 */
export function invokeResult<T>(record: Operation, serdes: Serdes<T>, serdesContext: SerdesContext, label: string): T | Promise<T> | Observable<never> {
  const unreadable = (error: unknown) =>
    new InvokeError(`Invoke ${label} returned a result that does not deserialize: ${(error as Error).message}`, { cause: error });
  try {
    const value = deserializeWith(serdes, record.ChainedInvokeDetails?.Result, serdesContext);
    return value instanceof Promise
      ? value.catch((error: unknown) => {
          throw unreadable(error);
        })
      : value;
  } catch (error) {
    return throwError(() => unreadable(error));
  }
}

const FALLBACK_MESSAGES: Record<string, string> = {
  TIMED_OUT: "Invoke timed out",
  STOPPED: "Invoke was stopped",
  CANCELLED: "Invoke was cancelled",
};

/**
 * The error of an invoke that did not succeed (FAILED, TIMED_OUT, STOPPED): the
 * service's message, a `cause` named by the ErrorType the invoked execution failed with
 * (the official SDK loses it), and its ErrorData as `errorData`.
 */
export function invokeFailure(record: Operation): InvokeError {
  const errorObject = record.ChainedInvokeDetails?.Error;
  const message = errorObject?.ErrorMessage || FALLBACK_MESSAGES[record.Status] || "Invoke failed";
  let options: DurableErrorOptions | undefined;
  if (errorObject) {
    options = { cause: fromErrorObject(errorObject, { fallback: (_message, init) => init.cause }) };
    if (errorObject.ErrorData !== undefined) options.errorData = errorObject.ErrorData;
  }
  return new InvokeError(message, options);
}
