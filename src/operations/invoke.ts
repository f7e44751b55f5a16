import { concat, concatMap, EMPTY, ignoreElements, isObservable, NEVER, type Observable, throwError } from "rxjs";
import { LIMITS, utf8Bytes } from "../checkpoint/limits.js";
import type { ContextScope } from "../context/context-scope.js";
import { LimitExceededError } from "../errors/index.js";
import { callSite, validateName } from "../ids/index.js";
import { awaitStatus } from "../replay/await-status.js";
import { operationKey } from "../replay/determinism.js";
import { replayOrRun } from "../replay/replay-or-run.js";
import { jsonSerdes, serializeWith, type Serdes } from "../serdes/index.js";
import { parseOptions } from "../validation/parse-options.js";
import { TERMINAL_STATUSES, type Operation } from "../wire/types.js";
import { durableOperation, type DurableOperation } from "./durable-operation.js";
import { InvokeConfigStruct, validateFunctionName, type InvokeConfig } from "./invoke-config.js";
import { invokeFailure, invokeResult } from "./invoke-outcome.js";
import { currentTraceHeader } from "./invoke-trace.js";
import { fromMaybePromise } from "./maybe-promise.js";
import { operationRuntime, type OperationRuntime } from "./operation-runtime.js";

/**
 * The START's options. `XAmznTraceId` is in the model of @aws-sdk/client-lambda 3.1164
 * but not in our wire types (ADR 0018); a client built without it drops it.
 */
interface StartOptions {
  FunctionName: string;
  XAmznTraceId?: string;
}

/**
 * Invokes another durable function and waits for its result (a CHAINED_INVOKE): the
 * START carries the serialized input and is acknowledged before the operation blocks;
 * the service runs the function as an execution of its own and records its outcome.
 * Meanwhile the invocation may suspend; a replay returns the recorded result.
 *
 * @example
 * ```ts
 * const quote = await ctx.invoke<Quote>("pricing", { sku, qty }, { name: "price" });
 * ```
 * @throws {@link ValidationError} synchronously for a bad function name or config.
 */
export function invoke<TIn, TOut>(
  context: ContextScope,
  owner: object,
  functionName: string,
  input: TIn | undefined,
  config?: InvokeConfig<TIn, TOut>,
): DurableOperation<TOut> {
  let where = `invoke(${typeof functionName === "string" ? JSON.stringify(functionName) : ""})`;
  const options = parseOptions(InvokeConfigStruct, config ?? {}, where) as InvokeConfig<TIn, TOut>;
  if (options.name !== undefined) where = `${where.slice(0, -1)}, name ${callSite("", options.name).slice(1, -1)})`;
  const name = validateName(options.name, where);
  validateFunctionName(functionName, where);
  const resultSerdes = options.resultSerdes ?? (jsonSerdes as Serdes<TOut>);
  const identity = context.nextIdentity();
  const key = operationKey(identity, "CHAINED_INVOKE", "ChainedInvoke", name);
  const scope = context.invocation;
  if (!context.checkUsage("invoke", owner)) return durableOperation(scope, identity.id, name, NEVER);
  const runtime = operationRuntime(context, key);
  const label = name === undefined ? `of ${functionName} (${identity.rawId})` : `${JSON.stringify(name)} (${identity.rawId})`;
  const outcome = (record: Operation): Observable<TOut> => {
    if (record.Status !== "SUCCEEDED") return throwError(() => invokeFailure(record));
    const value = invokeResult(record, resultSerdes, runtime.serdesContext, label);
    return isObservable(value) ? value : fromMaybePromise(() => value);
  };
  return durableOperation(
    scope,
    identity.id,
    name,
    replayOrRun<TOut>(context, key, {
      replayValue: (record) => invokeResult(record, resultSerdes, runtime.serdesContext, label),
      replayError: invokeFailure,
      execute: (record) => {
        const started$ = record ? EMPTY : start(runtime, functionName, input, options.payloadSerdes ?? (jsonSerdes as Serdes<TIn>), label);
        // The invoked execution may take anything from seconds to a year: the service says when it ended.
        const ended$ = awaitStatus(scope, identity.id, (operation) => TERMINAL_STATUSES.has(operation.Status), () => undefined);
        return concat(started$.pipe(ignoreElements()), ended$.pipe(concatMap(outcome)));
      },
    }),
  );
}

/** Serializes the input (a failure is the caller's SerdesError; nothing is sent) and queues the START, awaited. */
function start<TIn>(runtime: OperationRuntime, functionName: string, input: TIn | undefined, serdes: Serdes<TIn>, label: string): Observable<void> {
  return fromMaybePromise(() => serializeWith(serdes, input as TIn, runtime.serdesContext)).pipe(
    concatMap((payload) => {
      if (payload !== undefined && utf8Bytes(payload) > LIMITS.maxOperationPayloadBytes) {
        return throwError(
          () =>
            new LimitExceededError(
              `Invoke ${label}: the input is ${utf8Bytes(payload)} bytes once serialized; the limit is ${LIMITS.maxOperationPayloadBytes}. Pass a reference (an S3 key) instead.`,
            ),
        );
      }
      const options: StartOptions = { FunctionName: functionName };
      const trace = currentTraceHeader();
      if (trace !== undefined) options.XAmznTraceId = trace;
      const body = payload === undefined ? { Action: "START" as const } : { Action: "START" as const, Payload: payload };
      return runtime.save({ ...body, ChainedInvokeOptions: options }, true);
    }),
  );
}
