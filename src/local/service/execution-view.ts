import type { ExecutionArn } from "../../ids/execution-arn.js";
import type { ErrorObject, Operation } from "../../wire/types.js";
import type { ExecutionRecord, ExecutionStatus, InvocationRecord } from "../engine/records.js";
import { convertTimestamps } from "../engine/wire.js";
import { describeWaitingFor } from "../waiting-for.js";

/** One execution as the service holds it: a detached snapshot, timestamps in epoch ms. */
export interface LocalExecution {
  arn: ExecutionArn;
  name: string;
  functionName: string;
  status: ExecutionStatus;
  /** The invoke payload as stored (JSON text). */
  inputPayload: string;
  /** The result payload as stored (JSON text), when it SUCCEEDED with one. */
  result?: string;
  error?: ErrorObject;
  startedAt: number;
  endedAt?: number;
  /** Every operation in start order, as GetDurableExecutionState would list it. */
  operations: Operation[];
  /** Each invocation: number, request id, start, end and outcome (SUCCEEDED, FAILED, PENDING or THREW). */
  invocations: InvocationRecord[];
  /** RUNNING only: what it is blocked on, in words. */
  waitingFor?: string[];
}

export function executionView(record: ExecutionRecord, unregistered: boolean): LocalExecution {
  const view: LocalExecution = {
    arn: record.arn as ExecutionArn,
    name: record.name,
    functionName: record.functionName,
    status: record.status,
    inputPayload: record.inputPayload,
    startedAt: record.startMs,
    operations: convertTimestamps(
      record.operations.map((entry) => entry.op),
      (ms) => ms,
    ) as Operation[],
    invocations: structuredClone(record.invocations),
  };
  if (record.result !== undefined) view.result = record.result;
  if (record.error !== undefined) view.error = structuredClone(record.error);
  if (record.endMs !== undefined) view.endedAt = record.endMs;
  if (record.status === "RUNNING") view.waitingFor = waitingFor(record, unregistered);
  return view;
}

/** What a RUNNING execution waits for, including a function nobody registered. */
export function waitingFor(record: ExecutionRecord, unregistered: boolean): string[] {
  const reasons = describeWaitingFor(record);
  if (!unregistered) return reasons;
  // Never invoked, so "the handler returned PENDING" would be wrong.
  return [`function ${record.functionName} to be registered with this service`, ...reasons.filter((r) => !r.startsWith("nothing:"))];
}
