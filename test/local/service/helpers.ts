import { filter, firstValueFrom, type Observable } from "rxjs";
import { durable, type DurableConfig, type DurableContext } from "../../../src/index.js";
import { sequentialIds } from "../../../src/local/engine/index.js";
import type { LocalServiceEvent } from "../../../src/local/service/history-to-event.js";
import { LocalDurableService } from "../../../src/local/service/local-durable-service.js";
import type { LocalDurableServiceOptions } from "../../../src/local/service/service-options.js";
import { VirtualClock } from "../../../src/local/virtual-clock.js";
import { T0 } from "../../helpers/engine-fixtures.js";

export const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A durable handler with the logger and dev warnings silenced. */
export function handler<E = any>(fn: (event: E, ctx: DurableContext) => unknown, config: DurableConfig = {}) {
  return durable(fn as never, { logger: quiet, dev: false, ...config });
}

/** A service on a virtual clock starting at T0, with sequential ids: readable timestamps and ARNs. */
export function virtualService(options: LocalDurableServiceOptions = {}): LocalDurableService {
  return new LocalDurableService({
    clock: new VirtualClock(T0),
    engine: { ids: sequentialIds() },
    stuckAfterMs: 200,
    ...options,
  });
}

/** The first event (logged or to come) matching `predicate`. */
export function nextEvent(service: LocalDurableService, predicate: (event: LocalServiceEvent) => boolean): Promise<LocalServiceEvent> {
  return firstValueFrom((service.eventsFrom$(0) as Observable<LocalServiceEvent>).pipe(filter(predicate)));
}

/** The CallbackId of the first callback named `name` (of execution `arn`, when given) once it has started. */
export async function callbackIdOf(service: LocalDurableService, name: string, arn?: string): Promise<string> {
  const event = await nextEvent(
    service,
    (e) => e.detail.eventType === "CallbackStarted" && e.name === name && (arn === undefined || e.executionArn === arn),
  );
  return event.detail.callbackId as string;
}

export { T0 };
