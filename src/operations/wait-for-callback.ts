import { any, func, object, optional, type } from "superstruct";
import { ignoreElements, isObservable, type Observable } from "rxjs";
import type { ContextScope } from "../context/context-scope.js";
import { ValidationError } from "../errors/index.js";
import { callSite, validateName, type CallbackId } from "../ids/index.js";
import { Retry, type RetryStrategy } from "../retry/index.js";
import { parseOptions } from "../validation/parse-options.js";
import { callbackPlan, type Callback, type CallbackConfig } from "./callback-config.js";
import { childContext, type ContextFactory } from "./child-context.js";
import type { DurableOperation } from "./durable-operation.js";
import type { StepConfig, StepContext, StepFn } from "./step-config.js";

export interface WaitForCallbackConfig<T> extends CallbackConfig<T> {
  /** Retries of the submitter; default `Retry.presets.default` (6 attempts, 5 s doubling to 60 s). */
  retry?: RetryStrategy;
}

/**
 * Hands the callback id to whoever will answer (sends the e-mail, posts the webhook).
 * Runs as a step, so it is retried by `config.retry` and not run again once it
 * succeeded; what it returns is ignored.
 */
export type CallbackSubmitter = (callbackId: CallbackId, context: StepContext) => void | PromiseLike<unknown> | Observable<unknown>;

const WaitForCallbackConfigStruct = object({
  timeout: optional(any()),
  heartbeatTimeout: optional(any()),
  serdes: optional(type({ serialize: func(), deserialize: func() })),
  retry: optional(func()),
});

/** What waitForCallback needs of the child's context (the facade is passed in, never imported). */
export interface CallbackCapableContext {
  createCallback<T>(config?: CallbackConfig<T>): DurableOperation<Callback<T>>;
  step<T>(fn: StepFn<T>, config?: StepConfig<T>): DurableOperation<T>;
}

/**
 * Creates a callback, runs `submitter(callbackId, stepCtx)` as a step, then waits for the
 * answer: a CONTEXT `WaitForCallback` whose children are the CALLBACK (`-1`) and the
 * submitter STEP (`-2`), both unnamed (PROTOCOL.md §3.2, §6.3). Built from
 * runInChildContext, createCallback and step, so it replays as they do.
 *
 * Failures reject with `ChildContextError` whose `cause` says what failed: a
 * `CallbackError` (the party reported a failure, or the answer does not deserialize),
 * a `CallbackTimeoutError`, or a `StepError` when the submitter exhausted its retries.
 *
 * @example
 * ```ts
 * const approval = await ctx.waitForCallback<Approval>("approval", (callbackId) => mailer.send(approver, { callbackId }), {
 *   timeout: { days: 3 },
 * });
 * ```
 * @throws {@link ValidationError} synchronously for a bad name, submitter or config.
 */
export function waitForCallback<T, C extends CallbackCapableContext>(
  context: ContextScope,
  owner: object,
  makeContext: ContextFactory<C>,
  name: string | undefined,
  submitter: CallbackSubmitter,
  config?: WaitForCallbackConfig<T>,
): DurableOperation<T> {
  const where = callSite("waitForCallback", name);
  validateName(name, where);
  if (typeof submitter !== "function") throw new ValidationError(`${where}: the submitter must be a function; got ${typeof submitter}`);
  const { retry, ...callbackConfig } = parseOptions(WaitForCallbackConfigStruct, config ?? {}, where) as WaitForCallbackConfig<T>;
  // Checked now, at the call, although the callback is only created inside the child.
  const { serdes } = callbackPlan(callbackConfig, where);
  const stepConfig: StepConfig<void> = { retry: retry ?? Retry.presets.default };
  return childContext<T, C>(
    context,
    owner,
    makeContext,
    name,
    // Awaited in turn, as a user would write it: each operation is created once the one
    // before it has finished, never while it still counts as running (dev warnings).
    async (child) => {
      const { callbackId, result } = await child.createCallback<T>(callbackConfig);
      await child.step((stepContext) => submit(submitter, callbackId, stepContext), stepConfig);
      return result;
    },
    // The answer is stored in the CONTEXT with the callback's own serdes, so a replay reads back what it delivered.
    { subType: "WaitForCallback", serdes },
  );
}

/** The submitter's outcome without its value: nothing of it is stored. */
function submit(submitter: CallbackSubmitter, callbackId: CallbackId, context: StepContext): Promise<void> | Observable<never> {
  const output = submitter(callbackId, context);
  return isObservable(output) ? output.pipe(ignoreElements()) : Promise.resolve(output).then(() => undefined);
}
