import { concat, defer, filter, from, Subject, type Observable } from "rxjs";
import type { ExecutionRecord, HistoryEvent, InvocationRecord } from "../engine/records.js";
import {
  historyToEvent,
  invocationStarted,
  newTrack,
  type LocalServiceEvent,
  type OperationTrack,
  type UnnumberedEvent,
} from "./history-to-event.js";

/** Which events a reader wants; every member narrows, none means all. */
export interface EventFilter {
  executionArn?: string;
  types?: readonly LocalServiceEvent["type"][];
}

interface Seen {
  events: number;
  invocations: number;
  /** InvocationCompleted events among the first `events`. */
  completed: number;
  track: OperationTrack;
}

/** Events the log keeps for readers that resume; older ones are dropped first. */
export const DEFAULT_EVENT_LOG_LIMIT = 100_000;

/**
 * The service's event stream (ADR 0020): one `LocalServiceEvent` per change of an
 * execution, each exactly once, numbered by `seq` (1, 2, ... in the order the service saw the changes).
 *
 * Fed by `observe(record)` every time the store saves a record: whatever the record gained
 * since it was last seen (history events, invocation starts) is numbered and logged at
 * once, then published on `events$` from a microtask, so a subscriber that calls back
 * into the service never runs inside an engine call.
 *
 * Readers that resume (`GET /events` with `Last-Event-ID`):
 * - `since(seq, filter?)`: the logged events after `seq`, oldest first (an array);
 * - `from$(seq, filter?)`: those, then every later event live, with no gap and no
 *   duplicate. A `seq` greater than any this log issued (an id from before a restart
 *   that lost events, or from another service) reads from the start.
 *
 * A service opened on a store that already holds executions numbers their history first,
 * in time order (see `rebuild`), so ids survive a restart except where two executions
 * changed within the same millisecond.
 */
export class EventLog {
  private readonly log: LocalServiceEvent[] = [];
  private readonly seen = new Map<string, Seen>();
  private readonly subject = new Subject<LocalServiceEvent>();
  private unpublished: LocalServiceEvent[] = [];
  private lastSeq = 0;

  readonly events$: Observable<LocalServiceEvent> = this.subject.asObservable();

  constructor(private readonly limit = DEFAULT_EVENT_LOG_LIMIT) {}

  /** The highest `seq` issued so far (0 before the first event). */
  get latestSeq(): number {
    return this.lastSeq;
  }

  /** Numbers and publishes what `record` gained since it was last observed. */
  observe(record: ExecutionRecord): void {
    const seen = this.seenOf(record.arn);
    if (seen.events === record.events.length && seen.invocations === record.invocations.length) return;
    for (const item of takeNew(record, seen)) this.append(toEvent(record, item, seen));
  }

  /**
   * Numbers the history of executions already in the store, without publishing it (no
   * one can be subscribed yet): all events of all executions, ordered by time.
   */
  rebuild(records: Iterable<ExecutionRecord>): void {
    const made: { event: UnnumberedEvent; order: number }[] = [];
    for (const record of records) {
      const seen = this.seenOf(record.arn);
      // Converted in per-execution order, which the operation track relies on.
      for (const item of takeNew(record, seen)) made.push({ event: toEvent(record, item, seen), order: made.length });
    }
    // Each execution's events are in order already; across executions, by time.
    made.sort((a, b) => a.event.at - b.event.at || a.order - b.order);
    for (const { event } of made) this.log.push({ ...event, seq: ++this.lastSeq });
    this.trim();
  }

  since(afterSeq: number, filter: EventFilter = {}): LocalServiceEvent[] {
    const after = afterSeq > this.lastSeq ? 0 : afterSeq;
    return this.log.slice(firstAfter(this.log, after)).filter((event) => matches(event, filter));
  }

  from$(afterSeq: number, eventFilter: EventFilter = {}): Observable<LocalServiceEvent> {
    return defer(() => {
      const backlog = this.since(afterSeq, eventFilter);
      // Logged events are published a microtask later: skip the ones the backlog already has.
      const threshold = backlog.length > 0 ? backlog[backlog.length - 1].seq : Math.min(afterSeq, this.lastSeq);
      return concat(
        from(backlog),
        this.subject.pipe(filter((event) => event.seq > threshold && matches(event, eventFilter))),
      );
    });
  }

  /** Publishes what is still queued, then completes `events$`. */
  close(): void {
    this.publish();
    this.subject.complete();
  }

  private seenOf(arn: string): Seen {
    let seen = this.seen.get(arn);
    if (!seen) {
      seen = { events: 0, invocations: 0, completed: 0, track: newTrack() };
      this.seen.set(arn, seen);
    }
    return seen;
  }

  private append(event: UnnumberedEvent): void {
    const numbered: LocalServiceEvent = { ...event, seq: ++this.lastSeq };
    this.log.push(numbered);
    this.trim();
    if (this.unpublished.length === 0) queueMicrotask(() => this.publish());
    this.unpublished.push(numbered);
  }

  private publish(): void {
    const batch = this.unpublished;
    this.unpublished = [];
    for (const event of batch) this.subject.next(event);
  }

  private trim(): void {
    // Dropped in chunks, so a long-running service does not shift the array per event.
    if (this.log.length > this.limit + Math.ceil(this.limit / 10)) this.log.splice(0, this.log.length - this.limit);
  }
}

function toEvent(record: ExecutionRecord, item: HistoryEvent | InvocationRecord, seen: Seen): UnnumberedEvent {
  return "EventType" in item ? historyToEvent(record, item, seen.track) : invocationStarted(record, item);
}

function matches(event: LocalServiceEvent, filter: EventFilter): boolean {
  return (
    (filter.executionArn === undefined || event.executionArn === filter.executionArn) &&
    (filter.types === undefined || filter.types.includes(event.type))
  );
}

/** Index of the first event with `seq > after` (the log is sorted by seq). */
function firstAfter(log: readonly LocalServiceEvent[], after: number): number {
  let low = 0;
  let high = log.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (log[mid].seq <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Changes that come before an invocation started in the same millisecond: the start itself, and what woke it. */
const BEFORE_START = new Set([
  "ExecutionStarted",
  "WaitSucceeded",
  "CallbackSucceeded",
  "CallbackFailed",
  "CallbackTimedOut",
  "ChainedInvokeSucceeded",
  "ChainedInvokeFailed",
  "ChainedInvokeTimedOut",
  "ChainedInvokeStopped",
]);

/**
 * What `record` gained since `seen`, history events and invocation starts in the order
 * they happened, and `seen` moved past them. The history has no event for a start, so
 * invocation N goes after the InvocationCompleted of N-1, after every event older than
 * its start and after the ExecutionStarted, timer and callback events of the same
 * millisecond (those changes are what woke it); before anything else.
 */
function takeNew(record: ExecutionRecord, seen: Seen): (HistoryEvent | InvocationRecord)[] {
  const { events, invocations } = record;
  const out: (HistoryEvent | InvocationRecord)[] = [];
  let next = seen.events;
  const take = (): void => {
    const event = events[next++];
    if (event.EventType === "InvocationCompleted") seen.completed += 1;
    out.push(event);
  };
  for (let i = seen.invocations; i < invocations.length; i++) {
    const invocation = invocations[i];
    while (next < events.length) {
      const event = events[next];
      const before =
        seen.completed < invocation.number - 1 ||
        event.EventTimestamp < invocation.startMs ||
        (event.EventTimestamp === invocation.startMs && BEFORE_START.has(event.EventType));
      if (!before) break;
      take();
    }
    out.push(invocation);
  }
  while (next < events.length) take();
  seen.events = events.length;
  seen.invocations = invocations.length;
  return out;
}
