import { defer, filter, type MonoTypeOperatorFunction } from "rxjs";
import type { DurableEvent } from "./durable-event.js";

/**
 * Drops `progress` events this subscriber has had already: those tagged `replay`, and
 * those whose `sequence` is at or before the highest it let through for the same
 * `(executionArn, operationId)` (a call published again because the invocation that made
 * it ended before its next checkpoint). Every other event passes. The memory is per
 * subscription, so put this where the events of every invocation meet (a Subject given to
 * `durable(fn, { events })`, or a stream your service relays).
 *
 * @example
 * ```ts
 * const events$ = new Subject<DurableEvent>();
 * export const handler = durable(workflow, { events: events$ });
 * events$.pipe(distinctProgress(), filter((e) => e.type === "progress"))
 *   .subscribe((e) => dashboard.push(e.executionArn, e.detail));
 * ```
 */
export function distinctProgress<E extends DurableEvent>(): MonoTypeOperatorFunction<E> {
  return (source) =>
    defer(() => {
      const highest = new Map<string, number>();
      return source.pipe(
        filter((event) => {
          if (event.type !== "progress") return true;
          if (event.replay) return false;
          // Progress from a step body has no sequence: each run of the body is new.
          if (event.sequence === undefined) return true;
          const key = `${event.executionArn}\n${event.operationId ?? ""}`;
          if (event.sequence <= (highest.get(key) ?? 0)) return false;
          highest.set(key, event.sequence);
          return true;
        }),
      );
    });
}
