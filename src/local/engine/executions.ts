import type { ErrorObject } from "../../wire/types.js";
import { completeExecution } from "./complete-execution.js";
import { EngineError, invalidParameter, validationError } from "./engine-error.js";
import { appendEvent, payloadOf } from "./history.js";
import type { EngineIds } from "./ids.js";
import type { ExecutionRecord } from "./records.js";
import { LIMITS, exceedsBytes } from "./validate-model.js";

export interface StartExecutionParams {
  functionName: string;
  /** `$LATEST` (default), `$LATEST.PUBLISHED` or a version number, as the ARN pattern allows. */
  qualifier?: string;
  /** The durable execution name (`X-Amz-Durable-Execution-Name`); generated when absent. */
  name?: string;
  /** The raw invoke payload; Lambda hands `{}` to a function invoked without one. */
  input?: string;
  /** DurableConfig.ExecutionTimeout: the execution TIMES_OUT this long after it started. */
  executionTimeoutSeconds?: number;
}

export interface ArnConfig {
  region: string;
  accountId: string;
}

export const DEFAULT_ARN_CONFIG: ArnConfig = { region: "us-east-1", accountId: "123456789012" };

const NAME = /^[a-zA-Z0-9-_]{1,64}$/;
const FUNCTION_NAME = /^[a-zA-Z0-9-_]{1,64}$/;
const QUALIFIER = /^(\$LATEST(\.PUBLISHED)?|[0-9]+)$/;

export function functionArn(config: ArnConfig, functionName: string, qualifier: string): string {
  return `arn:aws:lambda:${config.region}:${config.accountId}:function:${functionName}:${qualifier}`;
}

function invalid(member: string, value: string, pattern: RegExp): EngineError {
  return validationError(member, value, `Member must satisfy regular expression pattern: ${pattern.source.slice(1, -1)}`);
}

/** The execution name after defaults, validated; used for name idempotency look-ups too. */
export function resolveStart(
  params: StartExecutionParams,
  ids: EngineIds,
): Required<Pick<StartExecutionParams, "functionName" | "qualifier" | "name" | "input">> {
  const qualifier = params.qualifier ?? "$LATEST";
  const name = params.name ?? ids.uuid();
  const input = params.input ?? "{}";
  if (!FUNCTION_NAME.test(params.functionName)) throw invalid("functionName", params.functionName, FUNCTION_NAME);
  if (!QUALIFIER.test(qualifier)) throw invalid("qualifier", qualifier, QUALIFIER);
  if (!NAME.test(name)) throw invalid("durableExecutionName", name, NAME);
  if (exceedsBytes(input, LIMITS.payloadMaxBytes)) throw invalidParameter("Invoke payload exceeds the maximum size.");
  return { functionName: params.functionName, qualifier, name, input };
}

/**
 * Name idempotency (PROTOCOL.md §15): the same name with the same payload is the same
 * execution; a different payload is a 409.
 */
export function assertSameStart(record: ExecutionRecord, input: string): void {
  if (record.inputPayload !== input) {
    throw new EngineError(
      "DurableExecutionAlreadyStartedException",
      `A durable execution named ${record.name} was already started with a different payload.`,
    );
  }
}

/** A new RUNNING execution whose EXECUTION operation is STARTED with the input payload. */
export function createExecutionRecord(
  params: StartExecutionParams,
  now: number,
  ids: EngineIds,
  config: ArnConfig = DEFAULT_ARN_CONFIG,
): ExecutionRecord {
  const { functionName, qualifier, name, input } = resolveStart(params, ids);
  const executionId = ids.uuid();
  const operationId = ids.uuid();
  const arn = `${functionArn(config, functionName, qualifier)}/durable-execution/${name}/${executionId}`;
  const record: ExecutionRecord = {
    schemaVersion: 1,
    arn,
    executionId,
    name,
    functionName,
    qualifier,
    status: "RUNNING",
    inputPayload: input,
    startMs: now,
    executionOperationId: operationId,
    operations: [
      {
        op: {
          Id: operationId,
          Type: "EXECUTION",
          Status: "STARTED",
          StartTimestamp: now,
          ExecutionDetails: { InputPayload: input },
        },
      },
    ],
    invocations: [],
    consecutiveFailures: 0,
    clientTokens: new Map(),
    callbacks: new Map(),
    events: [],
    undelivered: [],
    seq: 0,
  };
  const timeout = params.executionTimeoutSeconds;
  if (timeout !== undefined) {
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > LIMITS.durationMax) {
      throw invalidParameter("ExecutionTimeout must be an integer from 1 to 31622400 seconds.");
    }
    record.executionTimeoutSeconds = timeout;
    record.timeoutAt = now + timeout * 1000;
  }
  appendEvent(record, "ExecutionStarted", { Id: operationId }, { Input: payloadOf(input), ExecutionTimeout: timeout }, now);
  return record;
}

/**
 * StopDurableExecution: the execution becomes STOPPED with the caller's error. Stopping
 * one that already ended is refused, so a stop never rewrites a recorded outcome.
 */
export function stopExecution(record: ExecutionRecord, error: ErrorObject | undefined, now: number): { StopTimestamp: number } {
  if (!completeExecution(record, "STOPPED", { error }, now)) {
    throw invalidParameter(`Durable execution is already ${record.status}.`);
  }
  return { StopTimestamp: now };
}
