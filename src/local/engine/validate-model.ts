import type { OperationUpdate } from "../../wire/types.js";
import { EngineError } from "./engine-error.js";

/**
 * Constraints of the Smithy model (shared/model/lambda.json), checked before any rule of
 * PROTOCOL.md §2.4, as the service does. A violation is a 400 `ValidationException` whose
 * message lists every failed constraint in the service's format (ADR 0004):
 * `1 validation error detected: Value '0' at 'updates.1.member.waitOptions.waitSeconds'
 * failed to satisfy constraint: Member must have value greater than or equal to 1`.
 * Missing `Id`, `Type` and `Action` are left to the request rules, which word them.
 */

export const LIMITS = {
  idMax: 64,
  nameMax: 256,
  subTypeMax: 32,
  payloadMaxBytes: 6_291_456,
  durationMax: 31_622_400,
  functionNameMax: 140,
  callbackResultMaxBytes: 262_144,
  executionNameMax: 64,
} as const;

const ID_PATTERN = /^[a-zA-Z0-9-_]+$/;
const NAME_PATTERN = /^[\x20-\x7E]+$/;

type Check = (path: string, shown: string, problem: string) => void;

/** UTF-8 byte length: the model's limits are enforced on bytes, the stricter reading for non-ASCII text. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** True when `text` is longer than `maxBytes` in UTF-8, without measuring in the common case. */
export function exceedsBytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return utf8Length(text) > maxBytes;
}

function checkString(fail: Check, path: string, value: unknown, min: number, max: number, pattern?: RegExp): void {
  if (value === undefined) return;
  if (typeof value !== "string") return fail(path, String(value), "Member must be a string");
  if (value.length < min) fail(path, value, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) fail(path, value, `Member must have length less than or equal to ${max}`);
  if (pattern && value.length > 0 && !pattern.test(value)) {
    fail(path, value, `Member must satisfy regular expression pattern: ${pattern.source.slice(1, -1)}`);
  }
}

function checkInteger(fail: Check, path: string, value: unknown, min: number, max?: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isInteger(value)) return fail(path, String(value), "Member must be an integer");
  if (value < min) fail(path, String(value), `Member must have value greater than or equal to ${min}`);
  if (max !== undefined && value > max) fail(path, String(value), `Member must have value less than or equal to ${max}`);
}

/** Throws a `ValidationException` listing every model constraint the updates break. */
export function validateModelConstraints(updates: readonly OperationUpdate[]): void {
  const problems: string[] = [];
  const fail: Check = (path, shown, problem) => {
    // Sensitive members (payloads) are never echoed back, as in the service's messages.
    const value = shown === "" ? "Value" : `Value '${shown}'`;
    problems.push(`${value} at '${path}' failed to satisfy constraint: ${problem}`);
  };
  updates.forEach((update, i) => {
    const at = `updates.${i + 1}.member`;
    if (update.Id) checkString(fail, `${at}.id`, update.Id, 1, LIMITS.idMax, ID_PATTERN);
    checkString(fail, `${at}.parentId`, update.ParentId, 1, LIMITS.idMax, ID_PATTERN);
    checkString(fail, `${at}.name`, update.Name, 1, LIMITS.nameMax, NAME_PATTERN);
    checkString(fail, `${at}.subType`, update.SubType, 1, LIMITS.subTypeMax, ID_PATTERN);
    if (typeof update.Payload === "string" && exceedsBytes(update.Payload, LIMITS.payloadMaxBytes)) {
      fail(`${at}.payload`, "", `Member must have length less than or equal to ${LIMITS.payloadMaxBytes}`);
    }
    checkInteger(fail, `${at}.waitOptions.waitSeconds`, update.WaitOptions?.WaitSeconds, 1, LIMITS.durationMax);
    checkInteger(
      fail,
      `${at}.stepOptions.nextAttemptDelaySeconds`,
      update.StepOptions?.NextAttemptDelaySeconds,
      1,
      LIMITS.durationMax,
    );
    checkInteger(fail, `${at}.callbackOptions.timeoutSeconds`, update.CallbackOptions?.TimeoutSeconds, 0);
    checkInteger(fail, `${at}.callbackOptions.heartbeatTimeoutSeconds`, update.CallbackOptions?.HeartbeatTimeoutSeconds, 0);
    if (update.ChainedInvokeOptions !== undefined) {
      const fn = update.ChainedInvokeOptions.FunctionName;
      if (fn === undefined || fn === null) fail(`${at}.chainedInvokeOptions.functionName`, "null", "Member must not be null");
      else checkString(fail, `${at}.chainedInvokeOptions.functionName`, fn, 1, LIMITS.functionNameMax);
    }
  });
  if (problems.length === 0) return;
  const count = problems.length === 1 ? "1 validation error detected" : `${problems.length} validation errors detected`;
  throw new EngineError("ValidationException", `${count}: ${problems.join("; ")}`);
}
