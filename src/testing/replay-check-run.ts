import { DurableError } from "../errors/index.js";
import { invokeHandler, type DurableHandler } from "../local/invoke-handler.js";
import { createLambdaContext } from "../local/lambda-context.js";
import type { ErrorObject, Operation, OperationType, OperationUpdate } from "../wire/types.js";
import { ReplayCheckClient } from "./replay-check-client.js";

/** How one replay of a recorded moment ended. */
export type RunOutcome =
  | {
      readonly kind: "mismatch";
      readonly operationId: string;
      readonly rawId?: string;
      readonly field: "type" | "name" | "subType";
      readonly expected: unknown;
      readonly actual: unknown;
    }
  | { readonly kind: "new-work"; readonly updates: readonly OperationUpdate[] }
  | { readonly kind: "answered"; readonly status: "SUCCEEDED" | "FAILED" | "PENDING"; readonly result?: string; readonly error?: ErrorObject }
  | { readonly kind: "threw"; readonly error: unknown };

/** What the code is taken to ask for at an id, learned from earlier mismatches. */
export type Override = { Type?: OperationType; Name?: string | undefined; SubType?: string };

/** Ten years from now: a retry or wait that never comes due while a check runs. */
const never = () => new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000).toISOString();

/**
 * The recorded operations as one replay sees them. Nothing the history holds may run
 * again: a step left STARTED or READY (whose body would run) and every retry or wait
 * still to come are presented as not due for years, so the code blocks there instead.
 * `overrides` rename operations as the code asks (to look past a mismatch); `probe`
 * gives one operation a type no code asks for, so reaching it fails loudly.
 */
export function presentForReplay(operations: readonly Operation[], overrides: ReadonlyMap<string, Override>, probe?: string): Operation[] {
  const far = never();
  return operations.map((recorded) => {
    const operation: Operation = structuredClone(recorded);
    if (operation.Type === "STEP" && (operation.Status === "STARTED" || operation.Status === "READY" || operation.Status === "PENDING")) {
      operation.Status = "PENDING";
      operation.StepDetails = { ...operation.StepDetails, NextAttemptTimestamp: far };
    }
    if (operation.Type === "WAIT" && operation.Status === "STARTED") operation.WaitDetails = { ScheduledEndTimestamp: far };
    const override = overrides.get(operation.Id);
    if (override) {
      if (override.Type !== undefined) operation.Type = override.Type;
      if ("Name" in override) {
        if (override.Name === undefined) delete operation.Name;
        else operation.Name = override.Name;
      }
      if (override.SubType !== undefined) operation.SubType = override.SubType;
    }
    if (operation.Id === probe) operation.Type = operation.Type === "STEP" ? "WAIT" : "STEP";
    return operation;
  });
}

/** Invokes `handler` once over `operations`, through a client that lets no new work through. */
export async function replayOnce(
  handler: DurableHandler,
  operations: readonly Operation[],
  arn: string,
  timeoutMs: number,
): Promise<RunOutcome> {
  const client = new ReplayCheckClient();
  const event = {
    DurableExecutionArn: arn,
    CheckpointToken: "cmVwbGF5LWNoZWNr",
    InitialExecutionState: { Operations: operations as Operation[], NextMarker: "" },
  };
  const functionArn = arn.split("/durable-execution/")[0] ?? arn;
  const context = createLambdaContext("replay-check", functionArn);
  const outcome = await invokeHandler(handler, client, event, context, timeoutMs);
  const mismatch = "thrown" in outcome ? fromThrown(outcome.thrown) : fromOutput(outcome.output);
  if (mismatch) return mismatch;
  if (client.rejected.length > 0) return { kind: "new-work", updates: client.rejected[0]! };
  if ("thrown" in outcome) return { kind: "threw", error: outcome.thrown };
  const output = outcome.output as { Status?: string; Result?: string; Error?: ErrorObject } | undefined;
  if (output?.Status === "SUCCEEDED" || output?.Status === "FAILED" || output?.Status === "PENDING") {
    return { kind: "answered", status: output.Status, result: output.Result, error: output.Error };
  }
  return { kind: "threw", error: new TypeError(`the handler answered ${JSON.stringify(output)}, not a durable invocation output: is it wrapped in durable()?`) };
}

/** A FAILED output carrying NonDeterministicError: its details travel in ErrorData. */
function fromOutput(output: unknown): RunOutcome | undefined {
  const error = (output as { Status?: string; Error?: ErrorObject } | undefined)?.Error;
  if ((output as { Status?: string })?.Status !== "FAILED" || error?.ErrorType !== "NonDeterministicError" || !error.ErrorData) return undefined;
  try {
    return { kind: "mismatch", ...(JSON.parse(error.ErrorData) as Omit<Extract<RunOutcome, { kind: "mismatch" }>, "kind">) };
  } catch {
    return undefined;
  }
}

/** With `onNonDeterminism: "retry-invocation"` the handler throws the error instead. */
function fromThrown(thrown: unknown): RunOutcome | undefined {
  if (!DurableError.is(thrown) || thrown.name !== "NonDeterministicError") return undefined;
  const details = thrown as unknown as Extract<RunOutcome, { kind: "mismatch" }>;
  return { kind: "mismatch", operationId: details.operationId, rawId: details.rawId, field: details.field, expected: details.expected, actual: details.actual };
}
