import { concat, EMPTY, ignoreElements, map, NEVER } from "rxjs";
import type { ContextScope } from "../context/context-scope.js";
import { durationSeconds, type DurationLike } from "../duration/index.js";
import { callSite, validateName } from "../ids/index.js";
import { LIMITS } from "../checkpoint/limits.js";
import { awaitStatus } from "../replay/await-status.js";
import { operationKey } from "../replay/determinism.js";
import { replayOrRun } from "../replay/replay-or-run.js";
import { toEpochMs } from "../wire/types.js";
import { durableOperation, type DurableOperation } from "./durable-operation.js";
import { operationRuntime } from "./operation-runtime.js";

const isOver = (status: string) => status === "SUCCEEDED" || status === "CANCELLED";

/**
 * Waits `duration` (1 second to 1 year) in service time. The branch is blocked
 * meanwhile: if nothing else runs, the invocation suspends and costs nothing, and
 * the service invokes the function again when the wait is over.
 *
 * @example
 * ```ts
 * await ctx.wait("cool-off", { minutes: 5 });
 * ```
 * @throws {@link ValidationError} synchronously for a bad name or duration.
 */
export function wait(context: ContextScope, owner: object, name: string | undefined, duration: DurationLike): DurableOperation<void> {
  const where = callSite("wait", name);
  validateName(name, where);
  const seconds = durationSeconds(duration, { min: LIMITS.minDurationSeconds, max: LIMITS.maxDurationSeconds, what: `${where} duration` });
  const identity = context.nextIdentity();
  const key = operationKey(identity, "WAIT", "Wait", name);
  if (!context.checkUsage("wait", owner)) return durableOperation(context.invocation, identity.id, name, NEVER);
  const runtime = operationRuntime(context, key);
  const scope = context.invocation;
  return durableOperation(
    scope,
    identity.id,
    name,
    replayOrRun<void>(context, key, {
      replayValue: () => undefined,
      replayError: () => new Error("unreachable: a wait cannot fail"),
      alsoSucceeded: ["CANCELLED"],
      execute: (record) => {
        const started$ = record ? EMPTY : runtime.save({ Action: "START", WaitOptions: { WaitSeconds: seconds } }, true);
        const over$ = awaitStatus(
          scope,
          identity.id,
          (operation) => isOver(operation.Status),
          (operation) => toEpochMs(operation?.WaitDetails?.ScheduledEndTimestamp),
        );
        return concat(started$.pipe(ignoreElements()), over$.pipe(map(() => undefined)));
      },
    }),
  );
}
