import type { OperationAction, OperationStatus, OperationType, OperationUpdate } from "../../wire/types.js";
import { invalidParameter } from "./engine-error.js";
import { findEntry } from "./operation-index.js";
import type { ExecutionRecord } from "./records.js";
import { validateTransition } from "./validate-transition.js";
import { utf8Length } from "./validate-model.js";

/**
 * The whole-request rules of PROTOCOL.md §2.4, then each update against the operation
 * it targets. Everything is checked before anything is applied, so a rejected request
 * leaves the record untouched. Messages are the service's (via the official emulator).
 */

export const MAX_ERROR_UPDATE_BYTES = 32_768;

/** Operations one execution's history may hold, the EXECUTION operation included (docs/limits.md). */
export const MAX_HISTORY_OPERATIONS = 25_000;

const VALID_ACTIONS: Record<OperationType, readonly OperationAction[]> = {
  STEP: ["START", "SUCCEED", "FAIL", "RETRY"],
  CONTEXT: ["START", "SUCCEED", "FAIL"],
  WAIT: ["START", "CANCEL"],
  CALLBACK: ["START", "CANCEL"],
  CHAINED_INVOKE: ["START", "CANCEL"],
  EXECUTION: ["SUCCEED", "FAIL"],
};

const STATUS_AFTER: Record<OperationAction, OperationStatus> = {
  START: "STARTED",
  SUCCEED: "SUCCEEDED",
  FAIL: "FAILED",
  RETRY: "PENDING",
  CANCEL: "CANCELLED",
};

/** The type and status an operation has, or will have once earlier updates of this request apply. */
export interface ProjectedOperation {
  Type: OperationType;
  Status: OperationStatus;
}

export function validateRequestRules(record: ExecutionRecord, updates: readonly OperationUpdate[]): void {
  validateExecutionUpdates(updates);
  validateIdsAndParents(record, updates);
  const projected = new Map<string, ProjectedOperation>();
  for (const update of updates) {
    validateErrorSize(update);
    validateActionForType(update);
    if (update.Type === "EXECUTION") {
      // EXECUTION updates always target the execution itself, whatever their Id (ADR 0004).
      validateTransition(update, undefined);
      continue;
    }
    const stored = findEntry(record, update.Id)?.op;
    const current = projected.get(update.Id) ?? stored;
    if (current && current.Type !== update.Type) {
      throw invalidParameter("Cannot change the type of an existing operation.");
    }
    validateTransition(update, current);
    projected.set(update.Id, { Type: update.Type, Status: STATUS_AFTER[update.Action] });
  }
}

function validateExecutionUpdates(updates: readonly OperationUpdate[]): void {
  const count = updates.filter((u) => u.Type === "EXECUTION").length;
  if (count > 1) throw invalidParameter("Cannot checkpoint multiple EXECUTION updates.");
  if (count === 1 && updates[updates.length - 1].Type !== "EXECUTION") {
    throw invalidParameter("EXECUTION checkpoint must be the last update.");
  }
}

function validateIdsAndParents(record: ExecutionRecord, updates: readonly OperationUpdate[]): void {
  const startedHere = new Map<string, OperationUpdate>();
  const lastSeen = new Map<string, OperationUpdate>();
  let created = 0;
  for (const update of updates) {
    if (!update.Id) throw invalidParameter("Operation update must have an Id.");
    if (update.Type !== "EXECUTION" && !lastSeen.has(update.Id) && !findEntry(record, update.Id)) created++;
    const previous = lastSeen.get(update.Id);
    // Only STEP and CONTEXT may appear twice, and only as START then a completion.
    const allowedTwice =
      previous !== undefined &&
      (previous.Type === "STEP" || previous.Type === "CONTEXT") &&
      previous.Action === "START" &&
      update.Action !== "START";
    if (previous !== undefined && !allowedTwice) {
      throw invalidParameter("Cannot update the same operation twice in a single request.");
    }
    if (update.ParentId) {
      const parentType = startedHere.get(update.ParentId)?.Type ?? findEntry(record, update.ParentId)?.op.Type;
      if (parentType !== "CONTEXT") throw invalidParameter("Invalid parent operation id.");
    }
    if (update.Action === "START") startedHere.set(update.Id, update);
    lastSeen.set(update.Id, update);
  }
  if (record.operations.length + created > MAX_HISTORY_OPERATIONS) {
    throw invalidParameter(`A durable execution's history can hold at most ${MAX_HISTORY_OPERATIONS} operations.`);
  }
}

function validateErrorSize(update: OperationUpdate): void {
  if (update.Error == null) return;
  if (utf8Length(JSON.stringify(update)) > MAX_ERROR_UPDATE_BYTES) {
    throw invalidParameter(`Error object size must be less than ${MAX_ERROR_UPDATE_BYTES} bytes.`);
  }
}

function validateActionForType(update: OperationUpdate): void {
  // hasOwn, because a wire `Type` such as "toString" must not reach the prototype.
  const actions = Object.hasOwn(VALID_ACTIONS, update.Type) ? VALID_ACTIONS[update.Type] : undefined;
  if (!actions) throw invalidParameter("Unknown operation type.");
  if (!actions.includes(update.Action)) throw invalidParameter("Invalid action for the given operation type.");
}
