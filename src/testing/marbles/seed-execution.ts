import type { DurableEngine } from "../../local/engine/engine.js";
import type { Operation, OperationUpdate } from "../../wire/types.js";
import { readHistory, type HistoryInput } from "../recorded-history.js";
import { epochMs } from "../timestamps.js";

const SECOND = 1000;

/**
 * Starts an execution on `engine` in the state a recorded history holds, through the
 * engine's own API (checkpoints, timers, callback completions sent by one setup
 * invocation), so the engine's rules hold for everything that follows. The state is
 * ready at `at` (epoch ms): a wait or retry still to come keeps the time it had left
 * when the history was recorded, counted from `at`. Retried steps keep their attempt
 * counts; callback ids are the engine's own. A finished execution is restored as
 * running, so its code can be replayed to the end again.
 */
export function seedExecution(engine: DurableEngine, history: HistoryInput, at: number): string {
  const { operations: recorded } = readHistory(history);
  const input = recorded.find((op) => op.Type === "EXECUTION")?.ExecutionDetails?.InputPayload;
  const operations = recorded.filter((op) => op.Type !== "EXECUTION");
  const recordedAt = Math.max(...recorded.flatMap((op) => [epochMs(op.StartTimestamp), epochMs(op.EndTimestamp)]).filter((ms): ms is number => ms !== undefined), 0);
  const left = (timestamp: unknown) => Math.ceil(((epochMs(timestamp) ?? recordedAt) - recordedAt) / SECOND);
  const cycles = new Map(operations.filter((op) => op.Type === "STEP").map((op) => [op.Id, retryCycles(op)]));
  const rounds = Math.max(0, ...cycles.values());
  const first = at - (rounds + 1) * SECOND;

  const { arn } = engine.startExecution({ functionName: "marble-workflow", input }, first);
  let token = engine.beginInvocation(arn, first).event.CheckpointToken;
  let request = 0;
  const send = (updates: OperationUpdate[], now: number) => {
    if (updates.length === 0) return;
    for (let i = 0; i < updates.length; i += 100) {
      const chunk = updates.slice(i, i + 100);
      try {
        token = engine.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: chunk, ClientToken: `seed-${++request}` }, now).CheckpointToken ?? token;
      } catch (error) {
        throw new Error(`seedExecution: the engine refused the recorded state (${chunk.map((u) => `${u.Action} ${u.Type} ${u.Name ?? u.Id}`).join(", ")}): ${(error as Error).message}`, { cause: error });
      }
    }
  };
  const update = (op: Operation, body: Omit<OperationUpdate, "Id" | "Type" | "ParentId" | "Name" | "SubType">): OperationUpdate => {
    const out: OperationUpdate = { Id: op.Id, Type: op.Type, ...body };
    if (op.ParentId !== undefined) out.ParentId = op.ParentId;
    if (op.Name !== undefined) out.Name = op.Name;
    if (op.SubType !== undefined) out.SubType = op.SubType;
    return out;
  };

  // Every CONTEXT first, so its children have a parent; retried steps then go round
  // RETRY → READY once per earlier attempt, one second apart, before any wait exists.
  send(operations.filter((op) => op.Type === "CONTEXT").map((op) => update(op, { Action: "START" })), first);
  for (let round = 0; round < rounds; round++) {
    const now = first + round * SECOND;
    send(operations.filter((op) => (cycles.get(op.Id) ?? 0) > round).map((op) => update(op, { Action: "RETRY", StepOptions: { NextAttemptDelaySeconds: 1 } })), now);
    engine.fireDue(now + SECOND);
  }
  // One second before `at`: what must be over, or come due exactly at `at`.
  const beforeAt = at - SECOND;
  const due: OperationUpdate[] = [];
  const cancels: OperationUpdate[] = [];
  for (const op of operations) {
    if (op.Type === "WAIT" && (op.Status === "SUCCEEDED" || (op.Status === "STARTED" && left(op.WaitDetails?.ScheduledEndTimestamp) <= 0))) {
      due.push(update(op, { Action: "START", WaitOptions: { WaitSeconds: 1 } }));
    }
    if (op.Type === "WAIT" && op.Status === "CANCELLED") {
      due.push(update(op, { Action: "START", WaitOptions: { WaitSeconds: 31_622_400 } }));
      cancels.push(update(op, { Action: "CANCEL" }));
    }
    if (op.Type === "STEP" && op.Status === "PENDING" && left(op.StepDetails?.NextAttemptTimestamp) <= 0) due.push(update(op, retryOf(op, 1)));
    if (op.Type === "CALLBACK" && op.Status === "TIMED_OUT") due.push(update(op, { Action: "START", CallbackOptions: { TimeoutSeconds: 1 } }));
  }
  send(due, beforeAt);
  send(cancels, beforeAt);

  // At `at`: everything else, in its final state.
  const final: OperationUpdate[] = [];
  for (const op of operations) {
    if (op.Type === "STEP") {
      if (op.Status === "SUCCEEDED") final.push(update(op, withPayload({ Action: "SUCCEED" }, op.StepDetails?.Result)));
      else if (op.Status === "FAILED") final.push(update(op, op.StepDetails?.Error === undefined ? { Action: "FAIL" } : { Action: "FAIL", Error: op.StepDetails.Error }));
      else if (op.Status === "STARTED") final.push(update(op, { Action: "START" }));
      else if (op.Status === "PENDING" && left(op.StepDetails?.NextAttemptTimestamp) > 0) final.push(update(op, retryOf(op, left(op.StepDetails?.NextAttemptTimestamp))));
    } else if (op.Type === "WAIT" && op.Status === "STARTED" && left(op.WaitDetails?.ScheduledEndTimestamp) > 0) {
      final.push(update(op, { Action: "START", WaitOptions: { WaitSeconds: left(op.WaitDetails?.ScheduledEndTimestamp) } }));
    } else if (op.Type === "CALLBACK" && op.Status !== "TIMED_OUT") {
      final.push(update(op, { Action: "START", CallbackOptions: {} }));
    } else if (op.Type === "CHAINED_INVOKE") {
      final.push(update(op, { Action: "START", ChainedInvokeOptions: { FunctionName: "recorded-function" } }));
    }
  }
  send(final, at);
  send(operations.filter((op) => (op.Type === "CALLBACK" || op.Type === "CHAINED_INVOKE") && op.Status === "CANCELLED").map((op) => update(op, { Action: "CANCEL" })), at);
  for (const op of operations) settleOutside(engine, arn, op, at);
  send(
    operations
      .filter((op) => op.Type === "CONTEXT" && op.Status !== "STARTED")
      .reverse()
      .map((op) =>
        op.Status === "SUCCEEDED"
          ? update(op, withPayload(op.ContextDetails?.ReplayChildren ? { Action: "SUCCEED", ContextOptions: { ReplayChildren: true } } : { Action: "SUCCEED" }, op.ContextDetails?.Result))
          : update(op, op.ContextDetails?.Error === undefined ? { Action: "FAIL" } : { Action: "FAIL", Error: op.ContextDetails.Error }),
      ),
    at,
  );
  engine.fireDue(at);
  engine.completeInvocation(arn, { output: { Status: "PENDING" } }, at);
  return arn;
}

/** RETRY → READY rounds a step needs before its final update, to carry its attempt count. */
function retryCycles(op: Operation): number {
  const attempt = op.StepDetails?.Attempt ?? 0;
  if (op.Status === "STARTED" || op.Status === "READY") return attempt;
  return Math.max(0, attempt - 1);
}

function retryOf(op: Operation, delaySeconds: number): Omit<OperationUpdate, "Id" | "Type"> {
  const body: Omit<OperationUpdate, "Id" | "Type"> = { Action: "RETRY", StepOptions: { NextAttemptDelaySeconds: Math.max(1, delaySeconds) } };
  // The engine refuses both at once: a waitForCondition keeps its state in Result, a failed attempt its Error.
  if (op.StepDetails?.Error !== undefined) body.Error = op.StepDetails.Error;
  else if (op.StepDetails?.Result !== undefined) body.Payload = op.StepDetails.Result;
  return body;
}

function withPayload<T extends { Action: OperationUpdate["Action"] }>(body: T, payload: string | undefined): T & { Payload?: string } {
  return payload === undefined ? body : { ...body, Payload: payload };
}

/** Outcomes the service learns from outside a checkpoint: a callback's answer, a chained invoke's end. */
function settleOutside(engine: DurableEngine, arn: string, op: Operation, at: number): void {
  if (op.Type === "CALLBACK" && (op.Status === "SUCCEEDED" || op.Status === "FAILED")) {
    const stored = engine.getRecord(arn)!.operations.find((entry) => entry.op.Id === op.Id)?.op;
    const callbackId = stored?.CallbackDetails?.CallbackId;
    if (!callbackId) return;
    if (op.Status === "SUCCEEDED") engine.succeedCallback(callbackId, op.CallbackDetails?.Result, at);
    else engine.failCallback(callbackId, op.CallbackDetails?.Error, at);
  }
  if (op.Type === "CHAINED_INVOKE" && op.Status !== "STARTED" && op.Status !== "CANCELLED") {
    const status = op.Status as "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED";
    engine.completeChainedInvoke(arn, op.Id, { status, result: op.ChainedInvokeDetails?.Result, error: op.ChainedInvokeDetails?.Error }, at);
  }
}
