import type { Observer } from "rxjs";
import type { DurableLogSink } from "../logging/log-sink.js";
import type { DurableEvent } from "./durable-event.js";
import { logEvent } from "./log-event.js";

/**
 * Where `durable(fn, { events })` forwards every event of every invocation: `"log"` (a
 * line per event through the handler's logger), a function, or an Observer (a Subject
 * feeding your own dashboard works).
 */
export type DurableEventsOption = "log" | ((event: DurableEvent) => void) | Partial<Observer<DurableEvent>>;

/**
 * The one function each event goes through. Only `next` is ever called: a handler serves
 * many invocations, and an Observer that was completed at the first one's end (a Subject,
 * say) would hear nothing after it; `invocation.suspended` / `invocation.completed` mark
 * each end instead. A consumer that throws is logged and ignored: watching an execution
 * must never change what it does.
 */
export function eventForwarder(option: DurableEventsOption, sink: DurableLogSink, requestId: string | undefined): (event: DurableEvent) => void {
  if (option === "log") return (event) => logEvent(sink, event, requestId);
  const next = typeof option === "function" ? option : option.next?.bind(option);
  if (!next) return () => {};
  return (event) => {
    try {
      next(event);
    } catch (error) {
      sink.warn(
        JSON.stringify({
          timestamp: new Date().toISOString(),
          level: "WARN",
          message: `The events observer threw on ${event.type}; the event is dropped and the execution carries on`,
          executionArn: event.executionArn,
          requestId,
          error: error instanceof Error ? { errorType: error.name, errorMessage: error.message } : String(error),
        }),
      );
    }
  };
}
