/**
 * Type pins for the events API (compiled by `tsc --noEmit`, never run): what
 * `durable(fn, { events })`, `ctx.progress` and `distinctProgress` accept.
 */
import { Subject, type Observable } from "rxjs";
import { distinctProgress, durable, type DurableEvent, type DurableEventsOption } from "../../src/index.js";

const subject = new Subject<DurableEvent>();
durable(async () => 1, { events: "log" });
durable(async () => 1, { events: subject });
durable(async () => 1, { events: (event) => event.type satisfies DurableEvent["type"] });
durable(async () => 1, { events: { next: (event: DurableEvent) => void event.sequence } });
// @ts-expect-error: "log" is the only word it takes
durable(async () => 1, { events: "console" });
// @ts-expect-error: an observer of something else
durable(async () => 1, { events: new Subject<string>() });

durable(async (_event, ctx) => {
  ctx.progress({ done: 1, total: 3 });
  ctx.progress("any value");
  // @ts-expect-error: progress takes the value to publish
  ctx.progress();
  const none: void = ctx.progress(1);
  return none;
});

const kept: Observable<DurableEvent> = subject.pipe(distinctProgress());
const option: DurableEventsOption = "log";
void kept;
void option;
