import { NEVER } from "rxjs";
import type { ContextScope } from "../context/context-scope.js";
import { durationSeconds } from "../duration/index.js";
import { ValidationError } from "../errors/index.js";
import { callSite, validateName } from "../ids/index.js";
import { LIMITS } from "../checkpoint/limits.js";
import { replayOrRun } from "../replay/replay-or-run.js";
import { deserializeWith, type Serdes } from "../serdes/index.js";
import { parseOptions } from "../validation/parse-options.js";
import { durableOperation, type DurableOperation } from "./durable-operation.js";
import { operationRuntime } from "./operation-runtime.js";
import { decodeConditionError, executeCondition, type ConditionPlan } from "./wait-for-condition-attempt.js";
import { WaitForConditionConfigStruct, type ConditionCheck, type WaitForConditionConfig } from "./wait-for-condition-config.js";

/**
 * Polls durably until a condition holds: runs `check(state)`, checkpoints the state it
 * returns, and asks `config.waitStrategy` whether to check again and after how long.
 * Between checks the branch is blocked, so the invocation may suspend and cost nothing.
 * Checkpointed as one STEP `WaitForCondition`: START, then RETRY with the state while
 * polling, SUCCEED with the final state, or FAIL. Replay checks the record's type, name
 * and subtype (the official SDK does not), then answers from the history or resumes
 * polling from the last checkpointed state.
 *
 * @example
 * ```ts
 * const job = await ctx.waitForCondition("export-done", (job) => api.getJob(job.id), {
 *   initialState: { id: jobId, status: "RUNNING" },
 *   waitStrategy: WaitStrategy.exponential({ shouldContinuePolling: (job) => job.status === "RUNNING" }),
 *   timeout: { hours: 2 },
 * });
 * ```
 * @throws {@link ValidationError} synchronously for a bad name, check or config.
 */
export function waitForCondition<S>(
  context: ContextScope,
  owner: object,
  name: string | undefined,
  check: ConditionCheck<S>,
  config: WaitForConditionConfig<S>,
): DurableOperation<S> {
  const where = callSite("waitForCondition", name);
  validateName(name, where);
  if (typeof check !== "function") throw new ValidationError(`${where}: the check must be a function; got ${typeof check}`);
  if (typeof config !== "object" || config === null || !("initialState" in config) || !("waitStrategy" in config)) {
    throw new ValidationError(`${where}: requires a config with waitStrategy and initialState`);
  }
  const options = parseOptions(WaitForConditionConfigStruct, config, where) as WaitForConditionConfig<S>;
  const timeoutSeconds =
    options.timeout === undefined ? undefined : durationSeconds(options.timeout, { min: LIMITS.minDurationSeconds, max: LIMITS.maxDurationSeconds, what: `${where} timeout` });
  const identity = context.nextIdentity();
  const key = { rawId: identity.rawId, id: identity.id, type: "STEP" as const, subType: "WaitForCondition", name };
  if (!context.checkUsage("waitForCondition", owner)) return durableOperation(context.invocation, identity.id, name, NEVER);
  const runtime = operationRuntime(context, key);
  const plan: ConditionPlan<S> = {
    runtime,
    where,
    check,
    strategy: options.waitStrategy,
    initialState: options.initialState,
    timeoutSeconds,
    serdes: options.serdes ?? (context.invocation.settings.serdes as Serdes<S>),
  };
  return durableOperation(
    context.invocation,
    identity.id,
    name,
    replayOrRun<S>(context, key, {
      replayValue: (record) => deserializeWith(plan.serdes, record.StepDetails?.Result, runtime.serdesContext),
      replayError: (record) => decodeConditionError(record.StepDetails?.Error),
      execute: (record) => executeCondition(plan, record),
    }),
  );
}
