import type { Observable } from "rxjs";
import type { DurationLike } from "../duration/index.js";
import type { DurableEvent } from "../events/durable-event.js";
import type { ExecutionArn } from "../ids/index.js";
import type { LambdaContextLike } from "../lambda/lambda-context.js";
import type { DurableLogger } from "../logging/context-logger.js";
import type { ChildContextConfig } from "../operations/child-context.js";
import type { DurableOperation } from "../operations/durable-operation.js";
import type { StepConfig, StepFn } from "../operations/step-config.js";
import type { BatchResult, RecordBatchResult } from "../operations/batch/batch-result.js";
import type { BranchValue, BranchValues, MapConfig, MapItemFn, ParallelBranch, ParallelConfig, ResultOf } from "../operations/batch/batch-config.js";
import type { Callback, CallbackConfig } from "../operations/callback-config.js";
import type { CallbackSubmitter, WaitForCallbackConfig } from "../operations/wait-for-callback.js";
import type { InvokeConfig } from "../operations/invoke-config.js";
import type { OperationId } from "../ids/index.js";
import type { ThenableObservable } from "../operations/thenable-observable.js";
import type { InputRecord, InputTuple, SettledOf, ValueOf, ValuesOf } from "../operations/combinators/types.js";
import type { ConditionCheck, WaitForConditionConfig } from "../operations/wait-for-condition-config.js";

/** What a child context's function may return. */
export type ChildFn<T> = (context: DurableContext) => T | PromiseLike<T> | Observable<T>;

/**
 * The handle a durable handler works through. Every method that does durable work
 * returns a {@link DurableOperation}: a cold Observable that is also awaitable, whose
 * id is fixed when the method is called. Nothing runs until it is subscribed or
 * awaited; then it either answers from the history or executes and checkpoints.
 *
 * @example
 * ```ts
 * export const handler = durable(async (event: Order, ctx) => {
 *   const charged = await ctx.step("charge", () => charge(event));
 *   await ctx.wait("cool-off", { minutes: 5 });
 *   return ctx.runInChildContext("ship", async (child) => {
 *     const label = await child.step("label", () => printLabel(event));
 *     return child.step("hand-over", () => handOver(label));
 *   });
 * });
 * ```
 */
export interface DurableContext {
  /**
   * Runs `fn` once (per retry semantics) and checkpoints its result; a replay returns
   * the recorded result without running it. See {@link StepConfig}.
   */
  step<T>(name: string, fn: StepFn<T>, config?: StepConfig<T>): DurableOperation<T>;
  step<T>(fn: StepFn<T>, config?: StepConfig<T>): DurableOperation<T>;

  /** Waits in service time (1 s to 1 year); the invocation suspends if nothing else runs. */
  wait(name: string, duration: DurationLike): DurableOperation<void>;
  wait(duration: DurationLike): DurableOperation<void>;

  /** Runs `fn` with a context of its own id scope, checkpointed as one CONTEXT operation. */
  runInChildContext<T>(name: string, fn: ChildFn<T>, config?: ChildContextConfig<T>): DurableOperation<T>;
  runInChildContext<T>(fn: ChildFn<T>, config?: ChildContextConfig<T>): DurableOperation<T>;

  // ── callbacks and invoke (operations/callback.ts, wait-for-callback.ts, invoke.ts) ──

  /**
   * Creates a callback: emits `{ callbackId, result }` once the service has issued the
   * id. Hand the id to whoever will answer, then await `result` (JSON-parsed by
   * default; `rawSerdes` gives the string). See {@link CallbackConfig}.
   */
  createCallback<T = unknown>(name: string, config?: CallbackConfig<T>): DurableOperation<Callback<T>>;
  createCallback<T = unknown>(config?: CallbackConfig<T>): DurableOperation<Callback<T>>;

  /**
   * Creates a callback, runs `submitter(callbackId, stepCtx)` as a retried step, and
   * emits the answer. Failures reject with `ChildContextError` whose `cause` is the
   * `CallbackError`, `CallbackTimeoutError` or the submitter's `StepError`.
   */
  waitForCallback<T = unknown>(name: string, submitter: CallbackSubmitter, config?: WaitForCallbackConfig<T>): DurableOperation<T>;
  waitForCallback<T = unknown>(submitter: CallbackSubmitter, config?: WaitForCallbackConfig<T>): DurableOperation<T>;

  /**
   * Invokes another durable function (a chained invoke) and emits its result; its
   * failure, timeout or stop rejects with `InvokeError`. The operation's name goes in
   * `config.name`, so a string `input` is never mistaken for one.
   */
  invoke<TOut = unknown, TIn = unknown>(functionName: string, input?: TIn, config?: InvokeConfig<TIn, TOut>): DurableOperation<TOut>;

  // ── map and parallel (operations/batch/) ──

  /**
   * Runs `fn(childCtx, item, index, items)` over every item, each in a child context of
   * its own (CONTEXT `MapIteration`, named `map-item-<i>` or `config.itemName`), at most
   * `maxConcurrency` at once, and emits a {@link BatchResult} once `config.completion`
   * is met (fail-fast by default). Item ids follow the input's order, never completion
   * order. It never fails because items failed: use `throwIfError()`.
   *
   * @example
   * ```ts
   * const batch = await ctx.map("resize", images, (child, image) => child.step(() => resize(image)), { maxConcurrency: 4 });
   * const thumbnails = batch.throwIfError();
   * ```
   */
  map<I, R>(name: string, items: readonly I[], fn: MapItemFn<I, R>, config?: MapConfig<I, ResultOf<R>>): DurableOperation<BatchResult<ResultOf<R>>>;
  map<I, R>(items: readonly I[], fn: MapItemFn<I, R>, config?: MapConfig<I, ResultOf<R>>): DurableOperation<BatchResult<ResultOf<R>>>;

  /**
   * Runs each branch (a function of a child context, or `{ name, run }`) in a child
   * context of its own (CONTEXT `ParallelBranch`), at most `maxConcurrency` at once, and
   * emits a {@link BatchResult} once `config.completion` is met. A record of branches
   * gives a {@link RecordBatchResult}, typed per key like `forkJoin`.
   *
   * @example
   * ```ts
   * const quotes = await ctx.parallel("quotes", {
   *   ups: (c) => c.step(() => ups.quote(parcel)),
   *   dhl: (c) => c.step(() => dhl.quote(parcel)),
   * });
   * const { ups, dhl } = quotes.throwIfError();
   * ```
   */
  parallel<const B extends readonly ParallelBranch<unknown>[]>(name: string, branches: B, config?: ParallelConfig): DurableOperation<BatchResult<BranchValue<B[number]>>>;
  parallel<const B extends readonly ParallelBranch<unknown>[]>(branches: B, config?: ParallelConfig): DurableOperation<BatchResult<BranchValue<B[number]>>>;
  parallel<R extends Record<string, ParallelBranch<unknown>>>(name: string, branches: R, config?: ParallelConfig): DurableOperation<RecordBatchResult<BranchValues<R>>>;
  parallel<R extends Record<string, ParallelBranch<unknown>>>(branches: R, config?: ParallelConfig): DurableOperation<RecordBatchResult<BranchValues<R>>>;

  // ── combinators, waitForCondition, cancelWait (operations/combinators/, wait-for-condition.ts) ──

  /**
   * Every input's value, like `Promise.all` and `forkJoin`: a tuple in, a tuple out; a
   * record in, a record out; `all([])` is `[]`. Checkpoints nothing (each input is
   * durable). It rejects with the failure of the first input *in input order* that
   * failed, once the inputs before it have settled, so replay rejects the same way.
   */
  all<I extends InputTuple>(operations: I): ThenableObservable<ValuesOf<I>>;
  all<R extends InputRecord>(operations: R): ThenableObservable<ValuesOf<R>>;

  /**
   * Every input's outcome, `{ status: "fulfilled", value }` or `{ status: "rejected",
   * reason }`, like `Promise.allSettled`; tuples and records. Checkpoints nothing.
   */
  allSettled<I extends InputTuple>(operations: I): ThenableObservable<SettledOf<I>>;
  allSettled<R extends InputRecord>(operations: R): ThenableObservable<SettledOf<R>>;

  /**
   * The value (or error) of the first input to settle. The decision is checkpointed (a
   * STEP `Race` holding the winner's index), so replay gives the same winner; losing
   * waits are cancelled. `ctx.race([op, ctx.wait("deadline", d)])` is the durable timeout.
   * An empty list is a `ValidationError`.
   */
  race<I extends InputTuple>(name: string, operations: I): DurableOperation<ValueOf<I[number]>>;
  race<I extends InputTuple>(operations: I): DurableOperation<ValueOf<I[number]>>;

  /**
   * The value of the first input to succeed (a STEP `Any` holding the winner's index);
   * when all fail (or there are none) it rejects with an `AnyError` listing each error.
   */
  any<I extends InputTuple>(name: string, operations: I): DurableOperation<ValueOf<I[number]>>;
  any<I extends InputTuple>(operations: I): DurableOperation<ValueOf<I[number]>>;

  /**
   * Polls until a condition holds: `check(state, stepCtx)` returns the next state, which
   * is checkpointed; `config.waitStrategy(state, attempt)` says whether and when to check
   * again (`WaitStrategy.exponential(...)`). Emits the final state. `config.timeout` fails
   * it with `WaitForConditionError` when the condition is still unmet by then.
   */
  waitForCondition<S>(name: string, check: ConditionCheck<S>, config: WaitForConditionConfig<S>): DurableOperation<S>;
  waitForCondition<S>(check: ConditionCheck<S>, config: WaitForConditionConfig<S>): DurableOperation<S>;

  /**
   * Ends an active wait early (WAIT `CANCEL`): the branch waiting on it carries on.
   * Takes the wait's id or the wait itself; awaitable, completes once the service has it.
   */
  cancelWait(operation: OperationId | string | { readonly id: string }): ThenableObservable<void>;


  /** The execution's input, parsed as JSON. */
  originalInput<T = unknown>(): T;
  /** The execution's input exactly as the service holds it. */
  originalInputRaw(): string | undefined;
  readonly executionArn: ExecutionArn;
  /** When the execution started (epoch ms): replay-safe, unlike `Date.now()`. */
  executionStartTime(): number;
  /**
   * An RFC 4122-shaped id, the same on every replay of this call and different for
   * every other call or execution.
   */
  uuid(seed?: string): string;
  readonly lambdaContext: LambdaContextLike;
  /** Replay-aware: silent while this context replays. */
  readonly logger: DurableLogger;
  /**
   * The lifecycle events of this invocation (`invocation.started` first, whenever you
   * subscribe), operations answered from the history included, tagged `replay: true`.
   * Completes when the invocation ends. To see every invocation, use the handler's
   * `events` option (`durable(fn, { events })`).
   */
  readonly events$: Observable<DurableEvent>;
  /**
   * Publishes `value` (e.g. `{ done, total }`) as a `progress` event on `events$` and the
   * handler's `events` forwarding; nothing is checkpointed. Each call gets a `sequence`
   * per context, the same on every replay, and a call the history shows already ran is
   * tagged `replay: true`, so a consumer can keep each publication once
   * (`distinctProgress()`; docs/events.md).
   *
   * @example
   * ```ts
   * for (const [i, item] of items.entries()) {
   *   await ctx.step(`item-${i}`, () => handle(item));
   *   ctx.progress({ done: i + 1, total: items.length });
   * }
   * ```
   */
  progress(value: unknown): void;
}
