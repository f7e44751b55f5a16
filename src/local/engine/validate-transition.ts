import type { OperationStatus, OperationUpdate } from "../../wire/types.js";
import { invalidParameter } from "./engine-error.js";

/**
 * Whether `update` may act on an operation in its current status (PROTOCOL.md §2.4 table).
 * `current` is the stored operation, or what earlier updates of the same request make it;
 * `undefined` means the operation does not exist yet. The action is already known to be
 * valid for the type.
 */
export function validateTransition(update: OperationUpdate, current: { Status: OperationStatus } | undefined): void {
  switch (update.Type) {
    case "STEP":
      return validateStep(update, current?.Status);
    case "CONTEXT":
      return validateContext(update, current?.Status);
    case "WAIT":
    case "CALLBACK":
    case "CHAINED_INVOKE":
      return validateStartOrCancel(update, current?.Status);
    case "EXECUTION":
      return validateCompletionFields(update);
  }
}

function validateStep(update: OperationUpdate, status: OperationStatus | undefined): void {
  switch (update.Action) {
    case "START":
      // A STEP restarts only from READY: the next attempt after its retry delay.
      if (status !== undefined && status !== "READY") throw invalidParameter("Invalid current STEP state to start.");
      return;
    case "SUCCEED":
    case "FAIL":
      if (status !== undefined && status !== "STARTED" && status !== "READY") {
        throw invalidParameter("Invalid current STEP state to close.");
      }
      return validateCompletionFields(update);
    case "RETRY":
      if (status !== undefined && status !== "STARTED" && status !== "READY") {
        throw invalidParameter("Invalid current STEP state to re-attempt.");
      }
      if (update.StepOptions?.NextAttemptDelaySeconds === undefined) {
        throw invalidParameter("Invalid StepOptions for the given action.");
      }
      if (update.Error != null && update.Payload != null) {
        throw invalidParameter("Cannot provide both error and payload to RETRY a STEP.");
      }
      return;
  }
}

function validateContext(update: OperationUpdate, status: OperationStatus | undefined): void {
  if (update.Action === "START") {
    if (status !== undefined) throw invalidParameter("Cannot start a CONTEXT that already exists.");
    return;
  }
  if (status !== undefined && status !== "STARTED") throw invalidParameter("Invalid current CONTEXT state to close.");
  validateCompletionFields(update);
}

/** WAIT, CALLBACK and CHAINED_INVOKE: START once, CANCEL only while STARTED. */
function validateStartOrCancel(update: OperationUpdate, status: OperationStatus | undefined): void {
  const type = update.Type;
  if (update.Action === "START") {
    if (status !== undefined) throw invalidParameter(`Cannot start a ${type} that already exists.`);
    if (type === "WAIT" && update.WaitOptions?.WaitSeconds === undefined) {
      throw invalidParameter("Invalid WaitOptions for the given action.");
    }
    if (type === "CHAINED_INVOKE" && update.ChainedInvokeOptions === undefined) {
      throw invalidParameter("Invalid ChainedInvokeOptions for the given action.");
    }
    return;
  }
  if (status !== "STARTED") {
    throw invalidParameter(`Cannot cancel a ${type} that does not exist or has already completed.`);
  }
}

function validateCompletionFields(update: OperationUpdate): void {
  if (update.Action === "FAIL" && update.Payload != null) {
    throw invalidParameter("Cannot provide a Payload for FAIL action.");
  }
  if (update.Action === "SUCCEED" && update.Error != null) {
    throw invalidParameter("Cannot provide an Error for SUCCEED action.");
  }
}
