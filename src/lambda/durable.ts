import { isObservable, lastValueFrom, type Observable } from "rxjs";
import { runDetached } from "../context/active-context.js";
import { ContextScope } from "../context/context-scope.js";
import { createDurableContext } from "../context/create-durable-context.js";
import type { DurableContext } from "../context/durable-context.js";
import { InvocationScope, type ScopeOutcome } from "../context/invocation-scope.js";
import { lambdaCheckpointPort } from "../checkpoint/checkpoint-port.js";
import { Checkpointer } from "../checkpoint/checkpointer.js";
import { LIMITS } from "../checkpoint/limits.js";
import { DurableError, NonDeterministicError } from "../errors/index.js";
import { eventForwarder } from "../events/event-observer.js";
import { defaultSink } from "../logging/default-sink.js";
import { ExecutionState } from "../replay/execution-state.js";
import { executionInput } from "../replay/execution-input.js";
import { jsonSerdes } from "../serdes/index.js";
import { parseOptions } from "../validation/parse-options.js";
import type { DurableExecutionInvocationOutput } from "../wire/types.js";
import { resolveClient } from "./default-client.js";
import { DurableConfigStruct, type DurableConfig } from "./durable-config.js";
import { parseInvocationEvent } from "./invocation-event.js";
import { armDeadline, endAtDeadline } from "./graceful-termination.js";
import { failedOutput, isInvocationFailure, succeededOutput } from "./invocation-output.js";
import type { LambdaContextLike } from "./lambda-context.js";
import { loadInitialState } from "./load-state.js";

/** A handler may not return a Promise of an Observable: its value would be the Observable itself. */
type NoPromisedObservable<Out> = Out extends PromiseLike<infer V>
  ? [V] extends [never] // a handler that always throws
    ? unknown
    : 0 extends 1 & V // an untyped (any) result: nothing to check
      ? unknown
    : [V] extends [Observable<unknown>]
      ? never
      : unknown
  : unknown;

/** What `durable()` gives back: a Lambda handler for durable invocations. */
export type DurableLambdaHandler = (event: unknown, context?: LambdaContextLike) => Promise<DurableExecutionInvocationOutput>;

/**
 * Turns `fn` into a Lambda handler for durable executions. `fn` returns a value, a
 * Promise, or an Observable whose last value is the result. Each invocation replays
 * what the history holds and executes the rest; it answers SUCCEEDED, FAILED, or
 * PENDING when it suspends until the service invokes it again.
 *
 * @example
 * ```ts
 * export const handler = durable(async (event: { orderId: string }, ctx) => {
 *   const total = await ctx.step("price", () => price(event.orderId));
 *   await ctx.wait("cool-off", { seconds: 30 });
 *   return { total };
 * });
 * ```
 */
export function durable<Event = any, Out = unknown>(
  fn: (event: Event, context: DurableContext) => Out & NoPromisedObservable<Out>,
  config: DurableConfig = {},
): DurableLambdaHandler {
  const options = parseOptions(DurableConfigStruct, config, "durable()") as DurableConfig & { scheduleCheck?: (fn: () => void) => void };
  return async (event, lambdaContext = {}) => {
    const input = parseInvocationEvent(event);
    const port = lambdaCheckpointPort(resolveClient(options.client));
    const state = new ExecutionState(await loadInitialState(input, () => port));
    const sink = options.logger ?? defaultSink(options.logLevel);
    const scope = new InvocationScope(state, {
      executionArn: input.DurableExecutionArn,
      lambdaContext,
      sink,
      serdes: options.serdes ?? jsonSerdes,
      dev: options.dev ?? !process.env.AWS_LAMBDA_FUNCTION_NAME,
      scheduleCheck: options.scheduleCheck ?? ((check) => setImmediate(check)),
    });
    const checkpoint = options.checkpoint ?? {};
    scope.checkpointer = new Checkpointer(
      port,
      input.DurableExecutionArn,
      input.CheckpointToken,
      state,
      {
        beginWork: () => scope.beginWork(),
        fail: (error) => scope.poison(error),
        detached: runDetached,
        flushed: ({ updates, durationMs }) =>
          scope.emit({ type: "checkpoint.flushed", executionArn: input.DurableExecutionArn, replay: false, at: Date.now(), durationMs, detail: updates }),
      },
      {
        mode: checkpoint.mode ?? "eager",
        windowMs: checkpoint.windowMs ?? 10,
        maxBatchOperations: checkpoint.maxBatchOperations ?? LIMITS.maxBatchOperations,
        maxBatchBytes: checkpoint.maxBatchBytes ?? LIMITS.maxBatchBytes,
        transientRetries: 3,
      },
    );
    const root = new ContextScope(scope, undefined, { replaying: state.size > 1 });
    const startedAt = Date.now();
    if (options.events !== undefined) scope.events$.subscribe(eventForwarder(options.events, sink, lambdaContext.awsRequestId));
    scope.started({
      type: "invocation.started",
      executionArn: input.DurableExecutionArn,
      replay: false,
      at: startedAt,
      detail: { requestId: lambdaContext.awsRequestId, operations: state.size },
    });
    // Shortly before Lambda's timeout, stop and end gracefully (ADR 0028).
    const disarm = armDeadline(scope, lambdaContext, options.terminationMarginMs);
    try {
      const result = runHandler(fn as never, executionInput(state), createDurableContext(root));
      // Whatever loses the race must never surface later, in this or another invocation.
      result.catch(() => {});
      const first = await Promise.race([
        result.then(
          (value): Outcome => ({ kind: "value", value }),
          (error: unknown): Outcome => ({ kind: "error", error }),
        ),
        scope.outcome,
      ]);
      if (first.kind !== "deadline") disarm();
      const output = await answer(first, scope, options);
      scope.emit({
        type: output.Status === "PENDING" ? "invocation.suspended" : "invocation.completed",
        executionArn: input.DurableExecutionArn,
        replay: false,
        at: Date.now(),
        durationMs: Date.now() - startedAt,
        ...(output.Status === "FAILED" ? { error: { name: output.Error.ErrorType ?? "Error", message: output.Error.ErrorMessage ?? "" } } : {}),
        detail: output.Status,
      });
      return output;
    } catch (error) {
      // Thrown for Lambda to retry the invocation: it ends all the same.
      const thrown = error instanceof Error ? error : new Error(String(error));
      scope.emit({
        type: "invocation.completed",
        executionArn: input.DurableExecutionArn,
        replay: false,
        at: Date.now(),
        durationMs: Date.now() - startedAt,
        error: { name: thrown.name, message: thrown.message },
        detail: "THREW",
      });
      throw error;
    } finally {
      disarm();
      scope.close();
    }
  };
}

type Outcome = ScopeOutcome | { readonly kind: "value"; readonly value: unknown } | { readonly kind: "error"; readonly error: unknown };

async function answer(outcome: Outcome, scope: InvocationScope, options: DurableConfig): Promise<DurableExecutionInvocationOutput> {
  if (outcome.kind === "suspended") return { Status: "PENDING" };
  if (outcome.kind === "poisoned") return terminal(outcome.error, options);
  if (outcome.kind === "deadline") return endAtDeadline(scope, (error) => terminal(error, options));
  // The handler finished: nothing may be reported before every update is acknowledged.
  await scope.checkpointer.flush();
  if (scope.poisonedWith) return terminal(scope.poisonedWith, options);
  if (outcome.kind === "error") {
    if (isInvocationFailure(outcome.error)) throw outcome.error;
    return failedOutput(outcome.error);
  }
  const output = await succeededOutput(outcome.value, scope.checkpointer);
  return scope.poisonedWith ? terminal(scope.poisonedWith, options) : output;
}

/** PROTOCOL.md §8: invocation-level failures throw (Lambda retries); the rest FAIL the execution. */
function terminal(error: DurableError, options: DurableConfig): DurableExecutionInvocationOutput {
  if (error.failure === "invocation") throw error;
  if (error instanceof NonDeterministicError && options.onNonDeterminism === "retry-invocation") throw error;
  return failedOutput(error);
}

function runHandler(fn: (event: unknown, context: DurableContext) => unknown, input: unknown, context: DurableContext): Promise<unknown> {
  try {
    const output = fn(input, context);
    return isObservable(output) ? lastValueFrom(output, { defaultValue: undefined }) : Promise.resolve(output);
  } catch (error) {
    return Promise.reject(error);
  }
}
