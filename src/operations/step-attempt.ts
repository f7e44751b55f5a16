import { concat, EMPTY, from, ignoreElements, map, catchError, concatMap, Observable, of, switchMap, throwError } from "rxjs";
import {
  fromErrorObject,
  LimitExceededError,
  SerdesError,
  StepError,
  StepInterruptedError,
  StepTimeoutError,
  toErrorObject,
  ValidationError,
  ensureError,
  type ErrorClass,
} from "../errors/index.js";
import { LIMITS, utf8Bytes } from "../checkpoint/limits.js";
import { awaitNextAttempt } from "../replay/await-status.js";
import { decideRetry, type RetryPlan, type RetryStrategy } from "../retry/index.js";
import { deserializeWith, serializeWith, type Serdes } from "../serdes/index.js";
import type { ErrorObject, Operation } from "../wire/types.js";
import type { OperationRuntime } from "./operation-runtime.js";
import { runBody } from "./run-body.js";
import { stepContext } from "./step-context.js";
import type { StepContext, StepFn } from "./step-config.js";
import { afterSaved, isThenable } from "./maybe-promise.js";

/** A step with its configuration resolved. */
export interface StepPlan<T> {
  readonly runtime: OperationRuntime;
  readonly fn: StepFn<T>;
  readonly atMostOnce: boolean;
  readonly retry: RetryStrategy;
  readonly timeoutMs: number | undefined;
  readonly serdes: Serdes<T>;
  readonly errors: readonly ErrorClass[];
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * A step that is not finished in the history (PROTOCOL.md §5.3, §6.1): absent or
 * READY → START and run; STARTED → at-least-once runs again without a new START,
 * at-most-once counts the interrupted attempt as failed; PENDING → wait for the
 * retry to come due, then run.
 */
export function executeStep<T>(plan: StepPlan<T>, record: Operation | undefined): Observable<T> {
  switch (record?.Status) {
    case "PENDING":
      return afterRetryDelay(plan);
    case "STARTED":
      return plan.atMostOnce ? settle(plan, { ok: false, error: new StepInterruptedError() }, attemptOf(record)) : attempt(plan, record, false);
    default:
      return attempt(plan, record, true);
  }
}

const attemptOf = (record: Operation | undefined) => (record?.StepDetails?.Attempt ?? 0) + 1;

function attempt<T>(plan: StepPlan<T>, record: Operation | undefined, sendStart: boolean): Observable<T> {
  // One subscriber for what concat(START, body) → map / catchError → concatMap(settle) →
  // finalize(release) did with six: every executed step takes this path (bench W1, W3).
  return new Observable<T>((subscriber) => {
    const attemptNo = attemptOf(record);
    // Graceful termination: at the deadline a running attempt is recorded as interrupted
    // (it counts as an attempt) and whatever the body does afterwards is not recorded.
    let interrupted = false;
    const release = plan.runtime.context.invocation.interruptible(() => {
      interrupted = true;
      return recordFailure(plan, interruptedAttempt(plan, attemptNo), attemptNo).retrying;
    });
    // At-least-once: START is not awaited; it travels with SUCCEED when the body is quick.
    const started$ = sendStart ? plan.runtime.save({ Action: "START" }, plan.atMostOnce) : EMPTY;
    const settled = (outcome: Settled<T>) => {
      release();
      // Interrupted: the outcome is already recorded; this attempt never emits.
      if (interrupted) return;
      let outcome$: Observable<T>;
      try {
        outcome$ = settle(plan, outcome, attemptNo);
      } catch (error) {
        subscriber.error(error);
        return;
      }
      // Into this subscriber itself: its completion or error ends the attempt, and its teardown joins ours.
      outcome$.subscribe(subscriber);
    };
    const runAttempt = () =>
      subscriber.add(
        runStepBody(plan, attemptNo).subscribe({
          next: (value) => settled({ ok: true, value }),
          error: (error: unknown) => settled({ ok: false, error }),
        }),
      );
    // At-most-once runs the body only once its START is acknowledged.
    if (plan.atMostOnce) subscriber.add(started$.subscribe({ complete: runAttempt }));
    else runAttempt();
    return release;
  });
}

function interruptedAttempt<T>(plan: StepPlan<T>, attemptNo: number): StepInterruptedError {
  const { key } = plan.runtime;
  return new StepInterruptedError(
    `Step ${key.name ?? key.rawId} was interrupted: the invocation reached its deadline before Lambda's timeout during attempt ${attemptNo}.`,
  );
}

function runStepBody<T>(plan: StepPlan<T>, attemptNo: number): Observable<T> {
  const { context, key } = plan.runtime;
  const scope = context.invocation;
  return runBody<T, StepContext>({
    scope,
    marker: { kind: "step", rawId: key.rawId, owner: undefined },
    makeContext: (signal) => stepContext(plan.runtime, attemptNo, signal),
    body: plan.fn,
    timeoutMs: plan.timeoutMs,
    onTimeout: () => new StepTimeoutError(`Step ${key.name ?? key.rawId} timed out after ${plan.timeoutMs} ms (attempt ${attemptNo})`),
  });
}

/** Checkpoints the attempt's outcome, then emits what a replay would emit. */
function settle<T>(plan: StepPlan<T>, settled: Settled<T>, attemptNo: number): Observable<T> {
  if (!settled.ok) return fail(plan, settled.error, attemptNo);
  const { runtime } = plan;
  let payload: string | undefined | PromiseLike<string | undefined>;
  try {
    payload = serializeWith(plan.serdes, settled.value, runtime.serdesContext);
  } catch (error) {
    return fail(plan, error, attemptNo);
  }
  // A synchronous serdes (the default) goes straight on: no Observables for it on every step.
  if (!isThenable(payload)) return succeed(plan, payload, attemptNo);
  return from(payload).pipe(
    map((serialized): Settled<string | undefined> => ({ ok: true, value: serialized })),
    catchError((error: unknown) => of<Settled<string | undefined>>({ ok: false, error })),
    concatMap((serialized) => (serialized.ok ? succeed(plan, serialized.value, attemptNo) : fail(plan, serialized.error, attemptNo))),
  );
}

function succeed<T>(plan: StepPlan<T>, payload: string | undefined, attemptNo: number): Observable<T> {
  const { runtime } = plan;
  if (payload !== undefined && utf8Bytes(payload) > LIMITS.maxOperationPayloadBytes) {
    const error = new LimitExceededError(
      `Step ${runtime.key.name ?? runtime.key.rawId} returned ${utf8Bytes(payload)} bytes once serialized; the limit is ${LIMITS.maxOperationPayloadBytes}. Store large data elsewhere (S3) and return a reference.`,
    );
    return fail(plan, error, attemptNo);
  }
  // Optimistic mode lets an at-least-once SUCCEED be observed before it is acknowledged.
  const optimistic = runtime.context.invocation.checkpointer.options.mode === "optimistic" && !plan.atMostOnce;
  const saved$ = runtime.save(payload === undefined ? { Action: "SUCCEED" } : { Action: "SUCCEED", Payload: payload }, !optimistic);
  // Live and replay return the same value: the one the serdes gives back.
  return afterSaved(saved$, () => deserializeWith(plan.serdes, payload, runtime.serdesContext));
}

/** Programmer errors are not retried: running the same code again cannot fix them. */
const isProgrammerError = (error: unknown) =>
  error instanceof ValidationError || error instanceof SerdesError || error instanceof LimitExceededError;

function fail<T>(plan: StepPlan<T>, cause: unknown, attemptNo: number): Observable<T> {
  return recordFailure(plan, cause, attemptNo).outcome$;
}

/** Queues the RETRY or FAIL of a failed attempt now; `outcome$` is what the step then emits. */
function recordFailure<T>(plan: StepPlan<T>, cause: unknown, attemptNo: number): { retrying: boolean; outcome$: Observable<T> } {
  let error = ensureError(cause);
  let decision: RetryPlan = { attempt: attemptNo, shouldRetry: false };
  if (!isProgrammerError(error)) {
    try {
      decision = decideRetry(plan.retry, error, attemptNo - 1, `step(${plan.runtime.key.name ?? plan.runtime.key.rawId})`);
    } catch (strategyError) {
      // A strategy that throws or answers nonsense is a bug in it: fail with what it did wrong.
      error = ensureError(strategyError);
    }
  }
  const errorObject = toErrorObject(error);
  if (!decision.shouldRetry) {
    const saved$ = plan.runtime.save({ Action: "FAIL", Error: errorObject }, true);
    return { retrying: false, outcome$: concat(saved$.pipe(ignoreElements()), throwError(() => decodeStepError(errorObject, plan.errors))) };
  }
  const saved$ = plan.runtime.save({ Action: "RETRY", Error: errorObject, StepOptions: { NextAttemptDelaySeconds: decision.delaySeconds } }, true);
  return { retrying: true, outcome$: concat(saved$.pipe(ignoreElements()), afterRetryDelay(plan)) };
}

/** A retry is due when the service says READY (never by the local clock alone). */
function afterRetryDelay<T>(plan: StepPlan<T>): Observable<T> {
  const { context, key } = plan.runtime;
  return awaitNextAttempt(context.invocation, key.id).pipe(switchMap((operation) => executeStep(plan, operation)));
}

export function decodeStepError(errorObject: ErrorObject | undefined, classes: readonly ErrorClass[]): Error {
  return fromErrorObject(errorObject, { fallback: (message, init) => new StepError(message, init), classes });
}

