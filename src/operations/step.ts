import { durationSeconds } from "../duration/index.js";
import type { ContextScope } from "../context/context-scope.js";
import { Retry } from "../retry/index.js";
import { deserializeWith } from "../serdes/index.js";
import { callSite, validateName } from "../ids/index.js";
import { ValidationError, type ErrorClass } from "../errors/index.js";
import { parseOptions } from "../validation/parse-options.js";
import { operationKey, type OperationKey } from "../replay/determinism.js";
import { replayOrRun, type ReplayHooks } from "../replay/replay-or-run.js";
import { NEVER, type Observable } from "rxjs";
import { durableOperation, type DurableOperation } from "./durable-operation.js";
import { operationRuntime, serdesContext } from "./operation-runtime.js";
import { decodeStepError, executeStep, type StepPlan } from "./step-attempt.js";
import { StepConfigStruct, type StepConfig, type StepFn } from "./step-config.js";
import type { Operation } from "../wire/types.js";

const MAX_TIMEOUT_SECONDS = 15 * 60;

/**
 * Runs `fn` as a durable step: on replay, emits the recorded result without calling
 * `fn`; otherwise runs it (with retries), checkpoints the outcome, then emits it.
 * Cold: nothing happens until subscription.
 *
 * @example
 * ```ts
 * const receipt = await ctx.step("charge", () => payments.charge(order), {
 *   semantics: "at-most-once-per-retry",
 * });
 * ```
 * @throws {@link ValidationError} synchronously when the name or config is invalid.
 */
export function step<T>(context: ContextScope, owner: object, name: string | undefined, fn: StepFn<T>, config?: StepConfig<T>): DurableOperation<T> {
  const where = callSite("step", name);
  validateName(name, where);
  if (typeof fn !== "function") throw new ValidationError(`${where}: the step body must be a function; got ${typeof fn}`);
  // Most steps pass no config: skip the struct walk on that hot path (replays create thousands).
  const options = config === undefined ? (NO_CONFIG as StepConfig<T>) : (parseOptions(StepConfigStruct, config, where) as StepConfig<T>);
  const timeoutMs =
    options.timeout === undefined ? undefined : durationSeconds(options.timeout, { min: 1, max: MAX_TIMEOUT_SECONDS, what: `${where} timeout` }) * 1000;
  const identity = context.nextIdentity();
  const key = operationKey(identity, "STEP", "Step", name);
  if (!context.checkUsage("step", owner)) return durableOperation(context.invocation, identity.id, name, NEVER);
  const serdes: StepPlan<T>["serdes"] = options.serdes ?? (context.invocation.settings.serdes as never);
  return durableOperation(context.invocation, identity.id, name, replayOrRun<T>(context, key, new StepHooks(context, key, fn, options, timeoutMs, serdes)));
}

/**
 * A step's side of the replay state machine. One object with methods rather than a
 * literal of closures: a replay creates one per step, thousands per invocation.
 */
class StepHooks<T> implements ReplayHooks<T> {
  private readonly errors: readonly ErrorClass[];

  constructor(
    private readonly context: ContextScope,
    private readonly key: OperationKey,
    private readonly fn: StepFn<T>,
    private readonly options: StepConfig<T>,
    private readonly timeoutMs: number | undefined,
    private readonly serdes: StepPlan<T>["serdes"],
  ) {
    this.errors = options.errors ?? NO_ERRORS;
  }

  replayValue(record: Operation): T | PromiseLike<T> {
    return deserializeWith(this.serdes, record.StepDetails?.Result, serdesContext(this.context, this.key));
  }

  replayError(record: Operation): Error {
    return decodeStepError(record.StepDetails?.Error, this.errors);
  }

  /** The plan is built only when the step executes: a replayed step needs none. */
  execute(record: Operation | undefined): Observable<T> {
    const { context, key, options } = this;
    const plan: StepPlan<T> = {
      runtime: operationRuntime(context, key),
      fn: this.fn,
      atMostOnce: options.semantics === "at-most-once-per-retry",
      retry: options.retry ?? Retry.presets.default,
      timeoutMs: this.timeoutMs,
      serdes: this.serdes,
      errors: this.errors,
    };
    return executeStep(plan, record);
  }
}

// Shared by the steps that pass no config, most of them: nothing to allocate per call.
const NO_CONFIG: StepConfig<unknown> = Object.freeze({});
const NO_ERRORS: readonly ErrorClass[] = Object.freeze([]);
