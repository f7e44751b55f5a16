import type { ServerResponse } from "node:http";
import { interval, map, merge, Subject, takeUntil, type Observable } from "rxjs";

/** One event as `GET /events` sends it. */
export interface StreamedEvent {
  /** Unique and increasing within the feed: what a reconnecting client sends back as Last-Event-ID. */
  id: string;
  /** The SSE event name (`event:` line), e.g. `operation.succeeded`. */
  type: string;
  /** Sent as one line of JSON. */
  data: unknown;
}

/** Where `GET /events` reads from: the service's event stream, replayable from an id. */
export interface EventFeed {
  /**
   * The retained events after `lastEventId` (every retained one when absent), then each
   * new one as it happens; only one execution's when `executionArn` is given. Never
   * completes on its own; unsubscribing releases everything.
   */
  events(query: { executionArn?: string; lastEventId?: string }): Observable<StreamedEvent>;
}

export interface EventStreamOptions {
  executionArn?: string;
  lastEventId?: string;
  /** A comment line this often keeps proxies and idle timeouts from closing the stream. */
  heartbeatMs: number;
  /** A client that has this many bytes unsent is cut off; it reconnects with Last-Event-ID. */
  maxBufferedBytes: number;
}

/**
 * Server-sent events: one `id:`/`event:`/`data:` block per event, a comment as heartbeat.
 * Returns the function that ends the stream (the server calls it on close); a client
 * that disconnects ends it too, so no subscription outlives its connection.
 */
export function streamEvents(
  res: ServerResponse,
  feed: EventFeed,
  options: EventStreamOptions,
): () => void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  // Sent first, so a client knows the stream is open before any event exists.
  res.write(": durable-rx events\nretry: 1000\n\n");
  const frames$ = merge(
    feed.events({ executionArn: options.executionArn, lastEventId: options.lastEventId }).pipe(map(formatEvent)),
    interval(options.heartbeatMs).pipe(map(() => ": heartbeat\n\n")),
  );
  const stop$ = new Subject<void>();
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    stop$.next();
    res.end();
  };
  // takeUntil rather than a Subscription variable: the feed may replay retained events
  // synchronously inside subscribe(), and a slow client may have to be cut off right there.
  frames$.pipe(takeUntil(stop$)).subscribe({
    next: (frame) => {
      res.write(frame);
      if (res.writableLength > options.maxBufferedBytes) end();
    },
    error: end,
    complete: end,
  });
  // The response closes when the client hangs up (or the server ends it): either way, let go.
  res.on("close", end);
  return end;
}

/** Data is one line of JSON, so no `data:` continuation is ever needed. */
function formatEvent(event: StreamedEvent): string {
  return `id: ${oneLine(event.id)}\nevent: ${oneLine(event.type)}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** Field values may not contain line breaks (they would start a new field). */
const oneLine = (value: string): string => value.replace(/[\r\n]/g, " ");
