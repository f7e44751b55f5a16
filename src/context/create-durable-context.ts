import type { Observable } from "rxjs";
import type { DurationLike } from "../duration/index.js";
import type { ExecutionArn } from "../ids/index.js";
import { childContext, type ChildContextConfig } from "../operations/child-context.js";
import { step } from "../operations/step.js";
import type { StepConfig, StepFn } from "../operations/step-config.js";
import { wait } from "../operations/wait.js";
import { all, allSettled, any, race } from "../operations/combinators/index.js";
import { waitForCondition } from "../operations/wait-for-condition.js";
import type { ConditionCheck, WaitForConditionConfig } from "../operations/wait-for-condition-config.js";
import { cancelWait } from "../operations/cancel-wait.js";
import { map } from "../operations/batch/map.js";
import { parallel } from "../operations/batch/parallel.js";
import type { MapConfig, MapFn, ParallelConfig } from "../operations/batch/batch-config.js";
import { createCallback } from "../operations/callback.js";
import type { CallbackConfig } from "../operations/callback-config.js";
import { waitForCallback, type CallbackSubmitter, type WaitForCallbackConfig } from "../operations/wait-for-callback.js";
import { invoke } from "../operations/invoke.js";
import type { InvokeConfig } from "../operations/invoke-config.js";
import { toEpochMs } from "../wire/types.js";
import type { ContextScope } from "./context-scope.js";
import { deterministicUuid } from "./deterministic-uuid.js";
import { publishProgress } from "../events/publish-progress.js";
import { executionInput } from "../replay/execution-input.js";
import type { ChildFn, DurableContext } from "./durable-context.js";

/** Splits `(name?, ...rest)`: a leading string is the name. */
function named<R extends unknown[]>(args: unknown[]): [string | undefined, ...R] {
  return (typeof args[0] === "string" ? args : [undefined, ...args]) as [string | undefined, ...R];
}

/**
 * The facade that binds the operations (free functions over a scope) to one
 * context. It holds no logic of its own, so each operation is testable alone.
 */
export function createDurableContext(scope: ContextScope): DurableContext {
  const invocation = scope.invocation;
  let uuidCounter = 0;
  let progressCounter = 0;
  const context: DurableContext = {
    // step and wait take their arguments one by one: a replay makes thousands of these calls.
    step<T>(first: string | StepFn<T>, second?: StepFn<T> | StepConfig<T>, third?: StepConfig<T>) {
      return typeof first === "string"
        ? step(scope, context, first, second as StepFn<T>, third)
        : step(scope, context, undefined, first, second as StepConfig<T> | undefined);
    },
    wait(first: string | DurationLike, second?: DurationLike) {
      return typeof first === "string" ? wait(scope, context, first, second as DurationLike) : wait(scope, context, undefined, first);
    },
    runInChildContext<T>(...args: unknown[]) {
      const [name, fn, config] = named<[ChildFn<T>, ChildContextConfig<T>?]>(args);
      return childContext<T, DurableContext>(scope, context, createDurableContext, name, fn, config);
    },
    // ── callbacks and invoke ──
    createCallback<T>(...args: unknown[]) {
      const [name, config] = named<[CallbackConfig<T>?]>(args);
      return createCallback(scope, context, name, config);
    },
    waitForCallback<T>(...args: unknown[]) {
      const [name, submitter, config] = named<[CallbackSubmitter, WaitForCallbackConfig<T>?]>(args);
      return waitForCallback<T, DurableContext>(scope, context, createDurableContext, name, submitter, config);
    },
    invoke<TOut, TIn>(functionName: string, input?: TIn, config?: InvokeConfig<TIn, TOut>) {
      return invoke(scope, context, functionName, input, config);
    },

    // ── map and parallel ──
    map<I, T>(...args: unknown[]) {
      const [name, items, fn, config] = named<[readonly I[], MapFn<I, T>, MapConfig<I, T>?]>(args);
      return map<I, T, DurableContext>(scope, context, createDurableContext, name, items, fn, config);
    },
    parallel(...args: unknown[]) {
      const [name, branches, config] = named<[never, ParallelConfig?]>(args);
      // Typed by the interface's overloads (array or record of branches).
      return parallel<DurableContext>(scope, context, createDurableContext, name, branches, config) as never;
    },

    // ── combinators, waitForCondition, cancelWait ──
    all: all as DurableContext["all"],
    allSettled: allSettled as DurableContext["allSettled"],
    race(...args: unknown[]) {
      const [name, operations] = named<[unknown]>(args);
      return race(scope, context, name, operations);
    },
    any(...args: unknown[]) {
      const [name, operations] = named<[unknown]>(args);
      return any(scope, context, name, operations);
    },
    waitForCondition<S>(...args: unknown[]) {
      const [name, check, config] = named<[ConditionCheck<S>, WaitForConditionConfig<S>]>(args);
      return waitForCondition(scope, context, name, check, config);
    },
    cancelWait(operation: string | { readonly id: string }) {
      return cancelWait(scope, operation);
    },

    originalInput<T>() {
      return executionInput(invocation.state) as T;
    },
    originalInputRaw() {
      return invocation.state.execution()?.ExecutionDetails?.InputPayload;
    },
    executionArn: invocation.settings.executionArn as ExecutionArn,
    executionStartTime() {
      return toEpochMs(invocation.state.execution()?.StartTimestamp) ?? 0;
    },
    uuid(seed = "") {
      return deterministicUuid(invocation.settings.executionArn, scope.rawId ?? "", String(++uuidCounter), seed);
    },
    lambdaContext: invocation.settings.lambdaContext,
    logger: scope.logger,
    events$: invocation.publicEvents$ as Observable<never>,
    progress(value: unknown) {
      publishProgress(scope, () => ++progressCounter, value);
    },
  } as DurableContext;
  return context;
}
