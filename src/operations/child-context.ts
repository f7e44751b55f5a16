import { func, object, optional, pattern, size, string, type } from "superstruct";
import { catchError, concat, concatMap, from, ignoreElements, NEVER, type Observable, throwError } from "rxjs";
import type { ContextScope } from "../context/context-scope.js";
import { ChildContextError, fromErrorObject, LimitExceededError, toErrorObject, ensureError, ValidationError } from "../errors/index.js";
import { callSite, validateName } from "../ids/index.js";
import { LIMITS, utf8Bytes } from "../checkpoint/limits.js";
import { operationKey } from "../replay/determinism.js";
import { replayOrRun } from "../replay/replay-or-run.js";
import { deserializeWith, serializeWith, type Serdes } from "../serdes/index.js";
import { parseOptions } from "../validation/parse-options.js";
import type { ErrorObject } from "../wire/types.js";
import { durableOperation, type DurableOperation } from "./durable-operation.js";
import { afterSaved, isThenable } from "./maybe-promise.js";
import { operationRuntime, type OperationRuntime } from "./operation-runtime.js";
import { runBody } from "./run-body.js";

export interface ChildContextConfig<T> {
  serdes?: Serdes<T>;
  /** The CONTEXT's SubType on the wire (`RunInChildContext` by default). */
  subType?: string;
  /** What to store instead of a result over 256 KiB (the children replay to rebuild it). */
  summary?: (result: T) => string;
}

const ChildContextConfigStruct = object({
  // type(): a serdes may be a class instance or carry fields of its own.
  serdes: optional(type({ serialize: func(), deserialize: func() })),
  // The wire's OperationSubType: checked here, or the service refuses the START far from the call.
  subType: optional(pattern(size(string(), 1, 32), /^[a-zA-Z0-9-_]+$/)),
  summary: optional(func()),
});

/** Options for the SDK's own callers, not users'. */
export interface ChildContextInternals {
  /**
   * Emit once SUCCEED/FAIL is queued instead of acknowledged. For batch items: nothing
   * outside the batch sees an item's outcome before the batch's own SUCCEED, which is
   * acknowledged after it in queue order, so waiting for each item's acknowledgement
   * would only add a round trip per wave of items.
   */
  readonly queuedCompletion?: boolean;
}

/** The facade maker is passed in: operations never import the context facade. */
export type ContextFactory<C> = (scope: ContextScope) => C;

/**
 * Runs `fn` in a child context with its own id scope (`3-1`, `3-2`, …), so a branch
 * that creates several operations cannot shift the ids of its siblings. Checkpointed
 * as a CONTEXT: START, the children, then SUCCEED with the result or FAIL.
 */
export function childContext<T, C>(
  context: ContextScope,
  owner: object,
  makeContext: ContextFactory<C>,
  name: string | undefined,
  fn: (child: C) => T | PromiseLike<T> | Observable<T>,
  config?: ChildContextConfig<T>,
  internals?: ChildContextInternals,
): DurableOperation<T> {
  const gating = !internals?.queuedCompletion;
  const where = callSite("runInChildContext", name);
  validateName(name, where);
  // The SDK's own callers (batch items, thousands at a time) pass options it built and checked.
  const options = (internals ? (config ?? {}) : parseOptions(ChildContextConfigStruct, config ?? {}, where)) as ChildContextConfig<T>;
  const serdes = options.serdes ?? (context.invocation.settings.serdes as Serdes<T>);
  const identity = context.nextIdentity();
  const key = operationKey(identity, "CONTEXT", options.subType ?? "RunInChildContext", name);
  if (!context.checkUsage("runInChildContext", owner)) return durableOperation(context.invocation, identity.id, name, NEVER);
  const runtime = operationRuntime(context, key);

  const runChild = (replayOnly: boolean): Observable<T> => {
    const child = context.child(identity, { replayOnly });
    const facade = makeContext(child);
    return runBody<T, C>({
      scope: context.invocation,
      marker: { kind: "context", rawId: identity.rawId, owner: facade as object },
      makeContext: () => facade,
      body: fn,
    });
  };

  return durableOperation(
    context.invocation,
    identity.id,
    name,
    replayOrRun<T>(context, key, {
      replayValue: (record) =>
        record.ContextDetails?.ReplayChildren ? runChild(true) : deserializeWith(serdes, record.ContextDetails?.Result, runtime.serdesContext),
      replayError: (record) => childError(record.ContextDetails?.Error),
      execute: (record) => {
        if (!record) runtime.save({ Action: "START" }, false);
        return runChild(false).pipe(
          concatMap((value) => succeed(runtime, serdes, options, value, gating)),
          catchError((error: unknown) => fail<T>(runtime, error, gating)),
        );
      },
    }),
  );
}

function succeed<T>(runtime: OperationRuntime, serdes: Serdes<T>, options: ChildContextConfig<T>, value: T, gating: boolean): Observable<T> {
  // Called inside concatMap's project: a throw of the serdes becomes the error notification.
  const payload = serializeWith(serdes, value, runtime.serdesContext);
  // A synchronous serdes (the default) goes straight on: batch items run thousands of these.
  if (!isThenable(payload)) return saveSucceeded(runtime, serdes, options, value, payload, gating);
  return from(payload as PromiseLike<string | undefined>).pipe(concatMap((serialized) => saveSucceeded(runtime, serdes, options, value, serialized, gating)));
}

function saveSucceeded<T>(
  runtime: OperationRuntime,
  serdes: Serdes<T>,
  options: ChildContextConfig<T>,
  value: T,
  payload: string | undefined,
  gating: boolean,
): Observable<T> {
  const large = payload !== undefined && utf8Bytes(payload) > LIMITS.replayChildrenThresholdBytes;
  // Over 256 KiB the result is not stored: a replay runs the function again over its finished children.
  const body = large
    ? { Action: "SUCCEED" as const, Payload: summaryOf(runtime, options, value), ContextOptions: { ReplayChildren: true } }
    : payload === undefined
      ? { Action: "SUCCEED" as const }
      : { Action: "SUCCEED" as const, Payload: payload };
  // Batch items do not gate: their value follows at once; otherwise after the acknowledgement.
  return afterSaved(runtime.save(body, gating), () => (large ? value : deserializeWith(serdes, payload, runtime.serdesContext)));
}

/** What a large result stores instead: the config's `summary`, checked like any payload (a string within the limit). */
function summaryOf<T>(runtime: OperationRuntime, options: ChildContextConfig<T>, value: T): string {
  const summary: unknown = options.summary?.(value) ?? "";
  const where = `runInChildContext(${runtime.key.name === undefined ? runtime.key.rawId : JSON.stringify(runtime.key.name)})`;
  if (typeof summary !== "string") throw new ValidationError(`${where}: summary must return a string; got ${summary === null ? "null" : typeof summary}`);
  if (utf8Bytes(summary) > LIMITS.maxOperationPayloadBytes) {
    throw new LimitExceededError(`${where}: the summary is ${utf8Bytes(summary)} bytes; the limit is ${LIMITS.maxOperationPayloadBytes}. Keep it small: it is all a replay reads.`);
  }
  return summary;
}

function fail<T>(runtime: OperationRuntime, cause: unknown, gating: boolean): Observable<T> {
  const errorObject = toErrorObject(ensureError(cause));
  return concat(
    runtime.save({ Action: "FAIL", Error: errorObject }, gating).pipe(ignoreElements()),
    throwError(() => childError(errorObject)),
  );
}

/** The child's own error, rebuilt as on replay, wrapped so callers know where it came from. */
export function childError(errorObject: ErrorObject | undefined): Error {
  const cause = fromErrorObject(errorObject, { fallback: (_message, init) => init.cause });
  return new ChildContextError(cause.message, { cause, errorData: errorObject?.ErrorData });
}

