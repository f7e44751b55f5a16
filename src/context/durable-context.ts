import type { Observable } from "rxjs";
import type { DurationLike } from "../duration/index.js";
import type { DurableEvent } from "../events/durable-event.js";
import type { ExecutionArn } from "../ids/index.js";
import type { LambdaContextLike } from "../lambda/lambda-context.js";
import type { DurableLogger } from "../logging/context-logger.js";
import type { ChildContextConfig } from "../operations/child-context.js";
import type { DurableOperation } from "../operations/durable-operation.js";
import type { StepConfig, StepFn } from "../operations/step-config.js";

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

  // ── map and parallel (operations/batch/) ──

  // ── combinators, waitForCondition, cancelWait (operations/combinators/, wait-for-condition.ts) ──


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
  /** The lifecycle events of this invocation. */
  readonly events$: Observable<DurableEvent>;
}
