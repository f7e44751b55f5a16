import { map, type Observable } from "rxjs";
import type { EventFeed } from "./event-stream.js";

/** Anything that numbers its events and can replay them from a number (LocalDurableService does). */
export interface NumberedEventSource {
  eventsFrom$(afterSeq: number, filter?: { executionArn?: string }): Observable<{ seq: number; type: string }>;
}

/**
 * `GET /events` over a numbered source: the SSE id is the event's `seq`, so a client
 * that reconnects with `Last-Event-ID: 41` gets event 42 onwards, no gap and no
 * duplicate. An id that is not a number reads from the start, as the log does for an id
 * it never issued.
 */
export function eventFeedFrom(source: NumberedEventSource): EventFeed {
  return {
    events: ({ executionArn, lastEventId }) =>
      source
        .eventsFrom$(parseSeq(lastEventId), executionArn === undefined ? {} : { executionArn })
        .pipe(map((event) => ({ id: String(event.seq), type: event.type, data: event }))),
  };
}

function parseSeq(id: string | undefined): number {
  const seq = id === undefined ? 0 : Number(id);
  return Number.isSafeInteger(seq) && seq > 0 ? seq : 0;
}
