import { concat, concatMap, defer, EMPTY, ignoreElements, isObservable, NEVER, type Observable, of, queueScheduler, subscribeOn, throwError } from "rxjs";
import type { ContextScope } from "../context/context-scope.js";
import { CallbackError } from "../errors/index.js";
import { callSite, validateName, type CallbackId } from "../ids/index.js";
import { awaitStatus } from "../replay/await-status.js";
import { operationKey } from "../replay/determinism.js";
import { replayOrRun } from "../replay/replay-or-run.js";
import type { Serdes } from "../serdes/index.js";
import { parseOptions } from "../validation/parse-options.js";
import { TERMINAL_STATUSES, type Operation } from "../wire/types.js";
import { callbackPlan, CallbackConfigStruct, type Callback, type CallbackConfig } from "./callback-config.js";
import { callbackFailure, callbackOutcome } from "./callback-outcome.js";
import { durableOperation, type DurableOperation } from "./durable-operation.js";
import { operationRuntime, type OperationRuntime } from "./operation-runtime.js";

/** Every final status means the service issued the id; `result` tells them apart. */
const ISSUED = ["FAILED", "TIMED_OUT", "CANCELLED", "STOPPED"] as const;

/**
 * Creates a callback: an id the service issues, which an external party (a person
 * approving, a webhook, another system) later completes with a result or a failure.
 * Emits `{ callbackId, result }` once the service has acknowledged the START (in every
 * checkpoint mode: the id comes back in its response). `result` is a separate cold
 * operation that blocks until the answer arrives; while it is the only thing left, the
 * invocation suspends and the service invokes the function again when the answer comes.
 *
 * @example
 * ```ts
 * const { callbackId, result } = await ctx.createCallback<Approval>("approval", { timeout: { days: 3 } });
 * await ctx.step("ask", () => mailer.send(approver, { callbackId }));
 * const approval = await result; // CallbackTimeoutError after three days without an answer
 * ```
 * @throws {@link ValidationError} synchronously for a bad name, duration or serdes.
 */
export function createCallback<T>(
  context: ContextScope,
  owner: object,
  name: string | undefined,
  config?: CallbackConfig<T>,
): DurableOperation<Callback<T>> {
  const where = callSite("createCallback", name);
  validateName(name, where);
  const plan = callbackPlan(parseOptions(CallbackConfigStruct, config ?? {}, where) as CallbackConfig<T>, where);
  const identity = context.nextIdentity();
  const key = operationKey(identity, "CALLBACK", "Callback", name);
  const scope = context.invocation;
  if (!context.checkUsage("createCallback", owner)) return durableOperation(scope, identity.id, name, NEVER);
  const runtime = operationRuntime(context, key);
  const handleOf = (record: Operation | undefined) => callbackHandle(runtime, plan.serdes, record);
  return durableOperation(
    scope,
    identity.id,
    name,
    replayOrRun<Callback<T>>(context, key, {
      alsoSucceeded: ISSUED,
      replayValue: handleOf,
      // Unreachable (every final status counts as issued), kept for the state machine's contract.
      replayError: callbackFailure,
      execute: (record) => {
        // Awaited in every mode: the handle needs the id the response carries.
        const started$ = record ? EMPTY : runtime.save({ Action: "START", CallbackOptions: plan.options }, true);
        return concat(
          started$.pipe(ignoreElements()),
          defer(() => {
            const handle = handleOf(scope.state.get(identity.id));
            return isObservable(handle) ? handle : of(handle);
          }),
        );
      },
    }),
  );
}

function callbackHandle<T>(runtime: OperationRuntime, serdes: Serdes<T>, record: Operation | undefined): Callback<T> | Observable<never> {
  const callbackId = record?.CallbackDetails?.CallbackId;
  if (!callbackId) {
    // The service broke its side of the protocol (PROTOCOL.md §2.1): say so where the user looks.
    return throwError(() => new CallbackError(`No callback ID found for callback ${labelOf(runtime)}: the service did not issue one`));
  }
  return { callbackId: callbackId as CallbackId, result: callbackResult(runtime, serdes) };
}

/**
 * The answer, as its own shared operation (same id): blocked until the service moves the
 * CALLBACK to a final status, learnt from a checkpoint response, a refresh while other
 * work keeps the invocation alive, or the next invocation's history.
 */
function callbackResult<T>(runtime: OperationRuntime, serdes: Serdes<T>): DurableOperation<T> {
  const { context, key } = runtime;
  const scope = context.invocation;
  const outcome$ = defer(() =>
    scope.live ? awaitStatus(scope, key.id, (operation) => TERMINAL_STATUSES.has(operation.Status), () => undefined) : NEVER,
  ).pipe(
    concatMap((record) => callbackOutcome(record, serdes, runtime.serdesContext, labelOf(runtime))),
    // A replayed answer is synchronous: trampolined like every other replayed value.
    subscribeOn(queueScheduler),
  );
  return durableOperation(scope, key.id, key.name, outcome$);
}

const labelOf = ({ key }: OperationRuntime) => (key.name === undefined ? key.rawId : `${JSON.stringify(key.name)} (${key.rawId})`);
