import { createHash } from "node:crypto";
import type { DurableEngine } from "../engine/engine.js";
import { toErrorObject } from "../engine/error-object.js";
import type { ChainedInvokeOutcome } from "../engine/callbacks.js";
import { findEntry } from "../engine/operation-index.js";
import type { ExecutionRecord } from "../engine/records.js";
import type { ErrorObject } from "../../wire/types.js";
import type { ChainedInvokeRequest } from "./execution-index.js";
import type { RegisteredFunction } from "./function-registry.js";

/**
 * The name of the execution a CHAINED_INVOKE starts: derived from the parent and the
 * operation, so the start is idempotent (the engine's name idempotency) and a restarted
 * service finds the execution it already started instead of starting another.
 */
export function chainedExecutionName(parentArn: string, operationId: string): string {
  return `chained-${createHash("sha256").update(`${parentArn}\n${operationId}`).digest("hex").slice(0, 40)}`;
}

const LOCAL_QUALIFIER = /^(\$LATEST(\.PUBLISHED)?|[0-9]+)$/;

/**
 * Lambda's FunctionName (`name`, `name:qualifier`, a full or partial function ARN) as the
 * function and qualifier an execution starts with. An alias means nothing locally: the
 * registered function runs as `$LATEST`.
 */
export function parseFunctionName(value: string): { functionName: string; qualifier?: string } {
  const parts = value.split(":");
  const at = parts.indexOf("function");
  const [functionName, qualifier] = at >= 0 ? parts.slice(at + 1) : parts;
  return qualifier !== undefined && LOCAL_QUALIFIER.test(qualifier) ? { functionName, qualifier } : { functionName };
}

/**
 * Runs chained invokes (PROTOCOL.md §6.4, ADR 0015): for each STARTED CHAINED_INVOKE, an
 * execution of the function registered under its FunctionName, with the operation's
 * payload as input; when that execution ends, the operation takes its outcome
 * (`engine.completeChainedInvoke`), which wakes the parent. A function that is not
 * registered fails the operation with ResourceNotFoundException, as Lambda's Invoke
 * would. Stateless: the started execution is found again by its name, so this survives
 * a restart. Returns true when it changed anything.
 */
export function settleChainedInvokes(
  engine: DurableEngine,
  requests: readonly ChainedInvokeRequest[],
  now: number,
  registered: (functionName: string) => RegisteredFunction | undefined,
): boolean {
  let changed = false;
  for (const request of requests) {
    // The request list may lag behind the record by a pass; the record decides.
    const parent = engine.getRecord(request.parentArn);
    const operation = parent === undefined ? undefined : findEntry(parent, request.operationId);
    if (parent?.status !== "RUNNING" || operation?.op.Status !== "STARTED") continue;
    const target = parseFunctionName(request.functionName);
    const qualifier = target.qualifier ?? "$LATEST";
    const name = chainedExecutionName(request.parentArn, request.operationId);
    const childArn = engine.store.findByName(target.functionName, qualifier, name);
    const child = childArn === undefined ? undefined : engine.getRecord(childArn);
    const fail = (error: ErrorObject): void =>
      engine.completeChainedInvoke(request.parentArn, request.operationId, { status: "FAILED", error }, now);
    if (child?.status === "RUNNING") continue;
    if (child) {
      engine.completeChainedInvoke(request.parentArn, request.operationId, outcomeOf(child), now);
    } else {
      const fn = registered(target.functionName);
      if (!fn) {
        fail({ ErrorType: "ResourceNotFoundException", ErrorMessage: `Function not found: ${request.functionName}` });
      } else {
        try {
          const input = request.payload;
          engine.startExecution({ ...target, name, input, executionTimeoutSeconds: fn.executionTimeoutSeconds }, now);
        } catch (error) {
          // A start the engine refuses (a payload over the limit) fails the invoke, as Lambda's would.
          fail(toErrorObject(error));
        }
      }
    }
    changed = true;
  }
  return changed;
}

function outcomeOf(child: ExecutionRecord): ChainedInvokeOutcome {
  const status = child.status as ChainedInvokeOutcome["status"];
  return status === "SUCCEEDED" ? { status, result: child.result } : { status, error: child.error };
}
