import { DurableEngine, sequentialIds, type DurableEngineOptions, type StoredOperation } from "../../src/local/engine/index.js";
import type { CheckpointDurableExecutionOutput, OperationUpdate } from "../../src/wire/types.js";

/** A fixed start time, so timestamps in assertions are readable. */
export const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);

export function newEngine(options: DurableEngineOptions = {}): DurableEngine {
  return new DurableEngine({ ids: sequentialIds(), ...options });
}

export interface Running {
  engine: DurableEngine;
  arn: string;
  /** The latest checkpoint token; `cp` keeps it current. */
  token: string;
  /** Checkpoints with the latest token and rotates it. */
  cp(updates: OperationUpdate[], now?: number, clientToken?: string): CheckpointDurableExecutionOutput;
  /** The stored operation with this Id. */
  op(id: string): StoredOperation | undefined;
}

/** An execution with its first invocation running. */
export function running(options: DurableEngineOptions = {}, input?: string, engine = newEngine(options)): Running {
  const { arn } = engine.startExecution({ functionName: "fn", input }, T0);
  const { event } = engine.beginInvocation(arn, T0);
  const state: Running = {
    engine,
    arn,
    token: event.CheckpointToken,
    cp(updates, now = T0, clientToken) {
      const out = engine.checkpoint(
        { DurableExecutionArn: arn, CheckpointToken: state.token, Updates: updates, ClientToken: clientToken },
        now,
      );
      if (out.CheckpointToken) state.token = out.CheckpointToken;
      return out;
    },
    op: (id) => engine.getRecord(arn)?.operations.find((e) => e.op.Id === id)?.op,
  };
  return state;
}

export const stepStart = (Id: string, extra: Partial<OperationUpdate> = {}): OperationUpdate => ({
  Id,
  Type: "STEP",
  Action: "START",
  SubType: "Step",
  ...extra,
});
export const stepSucceed = (Id: string, Payload?: string, extra: Partial<OperationUpdate> = {}): OperationUpdate => ({
  Id,
  Type: "STEP",
  Action: "SUCCEED",
  SubType: "Step",
  Payload,
  ...extra,
});
export const waitStart = (Id: string, WaitSeconds: number, extra: Partial<OperationUpdate> = {}): OperationUpdate => ({
  Id,
  Type: "WAIT",
  Action: "START",
  SubType: "Wait",
  WaitOptions: { WaitSeconds },
  ...extra,
});
export const contextStart = (Id: string, extra: Partial<OperationUpdate> = {}): OperationUpdate => ({
  Id,
  Type: "CONTEXT",
  Action: "START",
  SubType: "RunInChildContext",
  ...extra,
});
export const callbackStart = (Id: string, options: OperationUpdate["CallbackOptions"] = {}): OperationUpdate => ({
  Id,
  Type: "CALLBACK",
  Action: "START",
  SubType: "Callback",
  CallbackOptions: options,
});
