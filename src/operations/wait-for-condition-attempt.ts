import { catchError, concat, concatMap, defer, finalize, ignoreElements, map, NEVER, type Observable, of, switchMap, throwError } from "rxjs";
import { LIMITS, utf8Bytes } from "../checkpoint/limits.js";
import { toSeconds, MAX_DURATION_SECONDS } from "../duration/index.js";
import { fromErrorObject, LimitExceededError, toErrorObject, ValidationError, WaitForConditionError, ensureError } from "../errors/index.js";
import { awaitNextAttempt } from "../replay/await-status.js";
import { deserializeWith, serializeWith, type Serdes } from "../serdes/index.js";
import { toEpochMs, type ErrorObject, type Operation } from "../wire/types.js";
import { fromMaybePromise } from "./maybe-promise.js";
import type { OperationRuntime } from "./operation-runtime.js";
import { runBody } from "./run-body.js";
import { stepContext } from "./step-context.js";
import type { StepContext } from "./step-config.js";
import type { ConditionCheck } from "./wait-for-condition-config.js";
import type { WaitStrategy } from "./wait-strategy.js";

/** A waitForCondition with its configuration resolved. */
export interface ConditionPlan<S> {
  readonly runtime: OperationRuntime;
  readonly where: string;
  readonly check: ConditionCheck<S>;
  readonly strategy: WaitStrategy<S>;
  readonly initialState: S;
  readonly timeoutSeconds: number | undefined;
  readonly serdes: Serdes<S>;
}

/** What one check leads to. */
type Next<S> =
  | { readonly kind: "done"; readonly payload: string | undefined; readonly state: S }
  | { readonly kind: "again"; readonly payload: string | undefined; readonly delaySeconds: number }
  | { readonly kind: "failed"; readonly error: unknown };

/**
 * A waitForCondition that is not finished in the history (PROTOCOL.md §5.3, §6.7):
 * absent or READY → START and check; STARTED (a check was interrupted) → check again
 * without a new START; PENDING → wait for the next check to come due, then check. The
 * state comes from the last checkpoint (`StepDetails.Result`), or is `initialState`.
 */
export function executeCondition<S>(plan: ConditionPlan<S>, record: Operation | undefined): Observable<S> {
  if (record?.Status === "PENDING") return afterDelay(plan);
  return check(plan, record, record?.Status !== "STARTED");
}

function check<S>(plan: ConditionPlan<S>, record: Operation | undefined, sendStart: boolean): Observable<S> {
  return defer(() => {
    const attempt = (record?.StepDetails?.Attempt ?? 0) + 1;
    const startedLocally = Date.now();
    // Not awaited: it travels with the check's outcome when the check is quick.
    if (sendStart) plan.runtime.save({ Action: "START" }, false);
    // Graceful termination: an interrupted check counts as one, and the next starts from
    // the state this one started from; what this check does afterwards is not recorded.
    let interrupted = false;
    const release = plan.runtime.context.invocation.interruptible(() => {
      interrupted = true;
      const stored = record?.StepDetails?.Result;
      const retry = { Action: "RETRY" as const, StepOptions: { NextAttemptDelaySeconds: 1 } };
      plan.runtime.save(stored === undefined ? retry : { ...retry, Payload: stored }, true);
      return true;
    });
    const next$ = stateFrom(plan, record).pipe(
      concatMap((state) => runCheck(plan, state, attempt)),
      concatMap((state) => roundTrip(plan, state)),
      map(({ payload, state }) => decide(plan, payload, state, attempt, startedLocally)),
      catchError((error: unknown) => of<Next<S>>({ kind: "failed", error })),
    );
    return next$.pipe(
      concatMap((next) => {
        release();
        return interrupted ? NEVER : settle(plan, next);
      }),
      finalize(release),
    );
  });
}

function stateFrom<S>(plan: ConditionPlan<S>, record: Operation | undefined): Observable<S> {
  const stored = record?.StepDetails?.Result;
  return stored === undefined ? of(plan.initialState) : fromMaybePromise(() => deserializeWith(plan.serdes, stored, plan.runtime.serdesContext));
}

function runCheck<S>(plan: ConditionPlan<S>, state: S, attempt: number): Observable<S> {
  const { context, key } = plan.runtime;
  const scope = context.invocation;
  return runBody<S, StepContext>({
    scope,
    marker: { kind: "step", rawId: key.rawId, owner: undefined },
    makeContext: (signal) => stepContext(plan.runtime, attempt, signal),
    body: (checkContext) => plan.check(state, checkContext),
  });
}

/** The state as checkpointed, and as the next check (or a replay) will see it. */
function roundTrip<S>(plan: ConditionPlan<S>, state: S): Observable<{ payload: string | undefined; state: S }> {
  const { serdesContext } = plan.runtime;
  return fromMaybePromise(() => serializeWith(plan.serdes, state, serdesContext)).pipe(
    concatMap((payload) => {
      if (payload !== undefined && utf8Bytes(payload) > LIMITS.maxOperationPayloadBytes) {
        throw new LimitExceededError(
          `${plan.where}: the state is ${utf8Bytes(payload)} bytes once serialized; the limit is ${LIMITS.maxOperationPayloadBytes}. Keep the polling state small.`,
        );
      }
      return fromMaybePromise(() => deserializeWith(plan.serdes, payload, serdesContext)).pipe(map((next) => ({ payload, state: next })));
    }),
  );
}

/** Asks the strategy, then holds the answer to the timeout: the last check runs at the deadline. */
function decide<S>(plan: ConditionPlan<S>, payload: string | undefined, state: S, attempt: number, startedLocally: number): Next<S> {
  const decision: unknown = plan.strategy(state, attempt);
  if (typeof decision !== "object" || decision === null || typeof (decision as { shouldContinue?: unknown }).shouldContinue !== "boolean") {
    throw new ValidationError(`${plan.where}: the wait strategy must return { shouldContinue: boolean, delay? }; got ${describe(decision)}`);
  }
  const { shouldContinue, delay } = decision as { shouldContinue: boolean; delay?: unknown };
  if (!shouldContinue) return { kind: "done", payload, state };
  let delaySeconds = delay === undefined ? 1 : Math.max(1, Math.ceil(toSeconds(delay as never, `${plan.where}: wait strategy delay`) - 1e-6));
  if (delaySeconds > MAX_DURATION_SECONDS) {
    throw new ValidationError(`${plan.where}: the wait strategy's delay must be at most 1 year (31,622,400 s); got ${delaySeconds} s`);
  }
  if (plan.timeoutSeconds !== undefined) {
    // Measured from the first check's START as the service recorded it.
    const startedAt = toEpochMs(plan.runtime.context.invocation.state.get(plan.runtime.key.id)?.StartTimestamp) ?? startedLocally;
    const remainingMs = startedAt + plan.timeoutSeconds * 1000 - Date.now();
    if (remainingMs <= 0) {
      throw new WaitForConditionError(`${plan.where} timed out: the condition was still unmet after ${plan.timeoutSeconds} s (${attempt} checks)`);
    }
    delaySeconds = Math.min(delaySeconds, Math.max(1, Math.ceil(remainingMs / 1000)));
  }
  return { kind: "again", payload, delaySeconds };
}

/** Checkpoints what the check led to (always acknowledged before anything follows), then carries on. */
function settle<S>(plan: ConditionPlan<S>, next: Next<S>): Observable<S> {
  const { runtime } = plan;
  switch (next.kind) {
    case "done": {
      const saved$ = runtime.save(next.payload === undefined ? { Action: "SUCCEED" } : { Action: "SUCCEED", Payload: next.payload }, true);
      return concat(saved$.pipe(ignoreElements()), of(next.state));
    }
    case "again": {
      const body = { Action: "RETRY" as const, StepOptions: { NextAttemptDelaySeconds: next.delaySeconds } };
      const saved$ = runtime.save(next.payload === undefined ? body : { ...body, Payload: next.payload }, true);
      return concat(saved$.pipe(ignoreElements()), afterDelay(plan));
    }
    case "failed": {
      const errorObject = toErrorObject(ensureError(next.error));
      const saved$ = runtime.save({ Action: "FAIL", Error: errorObject }, true);
      return concat(saved$.pipe(ignoreElements()), throwError(() => decodeConditionError(errorObject)));
    }
  }
}

/** The next check is due when the service says READY (never by the local clock alone). */
function afterDelay<S>(plan: ConditionPlan<S>): Observable<S> {
  const { context, key } = plan.runtime;
  return awaitNextAttempt(context.invocation, key.id).pipe(switchMap((operation) => executeCondition(plan, operation)));
}

/** What the user catches, live and on replay: durable-rx's own errors as themselves, anything else as a WaitForConditionError. */
export function decodeConditionError(errorObject: ErrorObject | undefined): Error {
  return fromErrorObject(errorObject, { fallback: (message, init) => new WaitForConditionError(message, init) });
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  try {
    return typeof value === "object" ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
  } catch {
    return "an object";
  }
}
