import { concat, concatMap, defaultIfEmpty, defer, from, ignoreElements, merge, NEVER, type Observable, type ObservableInput, of, take, throwError } from "rxjs";
import type { ContextScope } from "../../context/context-scope.js";
import { NonDeterministicError, ValidationError, type NonDeterminismDetails } from "../../errors/index.js";
import { callSite, validateName } from "../../ids/index.js";
import { replayOrRun } from "../../replay/replay-or-run.js";
import type { Operation } from "../../wire/types.js";
import { durableOperation, type DurableOperation } from "../durable-operation.js";
import { operationRuntime, type OperationRuntime } from "../operation-runtime.js";
import { anyErrorObject, decodeAnyError } from "./any-error.js";
import { cancelLosers } from "./cancel-losers.js";
import { inputArray, outcomeOf, type Outcome } from "./inputs.js";
import { firstSettled, firstSucceeded, type Decision } from "./pick-winner.js";

export type DecidedKind = "Race" | "Any";

/**
 * `race` and `any`: which input won depends on timing, and on replay every finished
 * input answers at once in subscription order, so the decision itself is checkpointed
 * (DESIGN.md): a STEP with SubType `Race` / `Any` whose payload is the winner's index,
 * acknowledged before the combinator emits in every checkpoint mode. A replay reads the
 * index and answers with that input alone. Losing waits are cancelled.
 */
export function decidedCombinator<T>(context: ContextScope, owner: object, kind: DecidedKind, name: string | undefined, inputs: unknown): DurableOperation<T> {
  const method = kind === "Race" ? "race" : "any";
  const where = callSite(method, name);
  validateName(name, where);
  const list = inputArray(inputs, where);
  if (kind === "Race" && list.length === 0) throw new ValidationError(`${where}: needs at least one input (a race of nothing never settles)`);
  const identity = context.nextIdentity();
  const key = { rawId: identity.rawId, id: identity.id, type: "STEP" as const, subType: kind, name };
  const scope = context.invocation;
  if (!context.checkUsage(method, owner)) return durableOperation(scope, identity.id, name, NEVER);
  const runtime = operationRuntime(context, key);
  const pick = kind === "Race" ? firstSettled : firstSucceeded(list.length);
  return durableOperation(
    scope,
    identity.id,
    name,
    replayOrRun<T>(context, key, {
      replayValue: (record) => replayWinner<T>(runtime, list, record),
      replayError: (record) => decodeAnyError(record.StepDetails?.Error),
      execute: (record) => {
        const outcomes$ = list.length === 0 ? of<Decision>({ kind: "none", errors: [] }) : merge(...list.map(outcomeOf)).pipe(pick);
        return outcomes$.pipe(concatMap((decision) => recordDecision<T>(runtime, list, decision, record === undefined)));
      },
    }),
  );
}

/** Checkpoints the decision, then delivers what a replay of it would deliver. */
function recordDecision<T>(runtime: OperationRuntime, list: readonly ObservableInput<unknown>[], decision: Decision, sendStart: boolean): Observable<T> {
  // START travels with the outcome, as an at-least-once step's does: the decision is all there is to record.
  if (sendStart) runtime.save({ Action: "START" }, false);
  if (decision.kind === "none") {
    const errorObject = anyErrorObject(decision.errors);
    return concat(runtime.save({ Action: "FAIL", Error: errorObject }, true).pipe(ignoreElements()), throwError(() => decodeAnyError(errorObject)));
  }
  const saved$ = runtime.save({ Action: "SUCCEED", Payload: JSON.stringify(decision.winner.index) }, true);
  cancelLosers(runtime.context.invocation, list, decision.winner.index);
  return concat(saved$.pipe(ignoreElements()), deliver<T>(decision.winner));
}

function deliver<T>(outcome: Outcome): Observable<T> {
  return outcome.ok ? of(outcome.value as T) : throwError(() => outcome.error);
}

/** The recorded winner answers alone; an index the inputs do not have is a different program. */
function replayWinner<T>(runtime: OperationRuntime, list: readonly ObservableInput<unknown>[], record: Operation): Observable<T> {
  const index = winnerIndex(record.StepDetails?.Result);
  if (index === undefined || index >= list.length) {
    const { key, context } = runtime;
    const details: NonDeterminismDetails = {
      operationId: key.id,
      rawId: key.rawId,
      // Not one of type/name/subtype: the message reads "has winner … but the code asked for …".
      field: "winner" as NonDeterminismDetails["field"],
      expected: `input #${record.StepDetails?.Result ?? "?"}`,
      actual: `${list.length} input(s)`,
    };
    context.invocation.poison(new NonDeterministicError(details));
    return NEVER;
  }
  // A loser wait left STARTED by an invocation that ended before its CANCEL went out.
  cancelLosers(runtime.context.invocation, list, index);
  return defer(() => from(list[index]!)).pipe(take(1), defaultIfEmpty(undefined as T)) as Observable<T>;
}

function winnerIndex(result: string | undefined): number | undefined {
  try {
    const index: unknown = JSON.parse(result ?? "");
    return typeof index === "number" && Number.isInteger(index) && index >= 0 ? index : undefined;
  } catch {
    return undefined;
  }
}
