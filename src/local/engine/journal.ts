import { positionOf, truncateOperations } from "./operation-index.js";
import type {
  ClientTokenEntry,
  ExecutionRecord,
  ExecutionStatus,
  HistoryEvent,
  InvocationRecord,
  OperationEntry,
} from "./records.js";

/**
 * What one engine call changed in one execution record. The store writes exactly this,
 * so a checkpoint costs what it changed, not the size of the history (ADR 0011).
 */
export interface RecordChanges {
  /** The record is new: the store has never seen it. */
  readonly created: boolean;
  /** Operations this call added, in start order; the first one sits at `addedFrom`. */
  readonly added: readonly OperationEntry[];
  readonly addedFrom: number;
  /** Operations that existed before the call and changed in place, in start order. */
  readonly changed: readonly PositionedEntry[];
  /** History events this call appended. */
  readonly events: readonly HistoryEvent[];
  /** Invocations added or changed (an invocation changes once more, when it ends). */
  readonly invocations: readonly InvocationRecord[];
  /** Checkpoint tokens issued to the running invocation by this call. */
  readonly newTokens: readonly string[];
  /** The tokens stored before belong to an invocation that is no longer running. */
  readonly tokensReset: boolean;
  /** ClientTokens remembered by this call. */
  readonly clientTokensAdded: readonly (readonly [string, ClientTokenEntry])[];
  /** ClientTokens remembered at or before this time were forgotten. */
  readonly clientTokensPrunedThrough?: number;
  readonly changeListingChanged: boolean;
  /** The execution left RUNNING in this call. */
  readonly ended: boolean;
  /**
   * Some execution-level field changed: status, outcome, the running invocation, its
   * latest token, the undelivered list, the failure count or the sequence counter.
   */
  readonly headChanged: boolean;
}

/** An operation and its start-order position in `record.operations`. */
export interface PositionedEntry {
  readonly position: number;
  readonly entry: OperationEntry;
}

/** One record and what an engine call did to it: the unit a store commits. */
export interface RecordWrite {
  readonly record: ExecutionRecord;
  readonly changes: RecordChanges;
}

interface Snapshot {
  status: ExecutionStatus;
  result: string | undefined;
  error: ExecutionRecord["error"];
  endMs: number | undefined;
  consecutiveFailures: number;
  seq: number;
  changeListing: ExecutionRecord["changeListing"];
  undelivered: string[];
  undeliveredLength: number;
  active: ExecutionRecord["activeInvocation"];
  activeTokens: number;
  activeLatestToken: string | undefined;
  operations: number;
  events: number;
  invocations: number;
  lastInvocation: InvocationRecord | undefined;
}

const journals = new WeakMap<ExecutionRecord, Journal>();

/**
 * Records the changes one engine call makes to one record, as the rules make them, and
 * can undo them: when the call throws anywhere (a rule, or the store mid-write), the
 * record goes back to what the store last committed, so memory never keeps half a call.
 *
 * Appends (operations, events, invocations, tokens) are found by comparing lengths with
 * the snapshot taken at the start. An operation changed in place must be announced with
 * `beforeChange` before it is touched: that keeps its before-image and marks it dirty.
 * The journal sits beside the record in a WeakMap, so rule modules need no extra argument.
 */
export class Journal {
  private readonly snapshot: Snapshot;
  /** Before-images of changed operations, by start-order position. */
  private readonly before = new Map<number, OperationEntry>();
  private readonly clientTokensAdded: [string, ClientTokenEntry][] = [];
  private readonly clientTokensPruned: [string, ClientTokenEntry][] = [];
  private clientTokensPrunedThrough: number | undefined;

  private constructor(
    readonly record: ExecutionRecord,
    private readonly created: boolean,
  ) {
    const active = record.activeInvocation;
    this.snapshot = {
      status: record.status,
      result: record.result,
      error: record.error,
      endMs: record.endMs,
      consecutiveFailures: record.consecutiveFailures,
      seq: record.seq,
      changeListing: record.changeListing,
      undelivered: record.undelivered,
      undeliveredLength: record.undelivered.length,
      active,
      activeTokens: active?.tokens.length ?? 0,
      activeLatestToken: active?.latestToken,
      // A new record is all additions.
      operations: created ? 0 : record.operations.length,
      events: created ? 0 : record.events.length,
      invocations: created ? 0 : record.invocations.length,
      lastInvocation: created ? undefined : shallowCopy(record.invocations.at(-1)),
    };
  }

  /** Starts recording `record`'s changes; `created` for a record the store has never seen. */
  static open(record: ExecutionRecord, created = false): Journal {
    if (journals.has(record)) throw new Error("A journal is already open on this execution record.");
    const journal = new Journal(record, created);
    journals.set(record, journal);
    return journal;
  }

  /** The record and what changed in it so far: what the store commits. */
  write(): RecordWrite {
    return { record: this.record, changes: this.changes() };
  }

  /** Stops recording; the record keeps its changes. */
  close(): void {
    journals.delete(this.record);
  }

  /** Puts the record back as it was when the journal opened, then stops recording. */
  rollback(): void {
    journals.delete(this.record);
    const { record, snapshot: s } = this;
    for (const [position, entry] of this.before) record.operations[position] = entry;
    for (const added of record.operations.slice(s.operations)) {
      const callbackId = added.op.CallbackDetails?.CallbackId;
      if (callbackId !== undefined) record.callbacks.delete(callbackId);
    }
    truncateOperations(record, s.operations);
    record.events.length = s.events;
    record.invocations.length = s.invocations;
    if (s.lastInvocation) record.invocations[s.invocations - 1] = s.lastInvocation;
    setOrDelete(record, "result", s.result);
    setOrDelete(record, "error", s.error);
    setOrDelete(record, "endMs", s.endMs);
    setOrDelete(record, "changeListing", s.changeListing);
    record.status = s.status;
    record.consecutiveFailures = s.consecutiveFailures;
    record.seq = s.seq;
    // Arrays replaced during the call were left alone; arrays pushed to are cut back.
    record.undelivered = s.undelivered;
    record.undelivered.length = s.undeliveredLength;
    setOrDelete(record, "activeInvocation", s.active);
    if (s.active) {
      s.active.tokens.length = s.activeTokens;
      s.active.latestToken = s.activeLatestToken as string;
    }
    this.rollbackClientTokens();
  }

  private rollbackClientTokens(): void {
    const tokens = this.record.clientTokens;
    for (const [key] of this.clientTokensAdded) tokens.delete(key);
    if (this.clientTokensPruned.length === 0) return;
    // Pruned entries were the oldest: put them back in front, keeping time order.
    const rest = [...tokens];
    tokens.clear();
    for (const [key, entry] of [...this.clientTokensPruned, ...rest]) tokens.set(key, entry);
  }

  private changes(): RecordChanges {
    const { record, snapshot: s } = this;
    const changed = [...this.before.keys()]
      .sort((a, b) => a - b)
      .map((position) => ({ position, entry: record.operations[position] }));
    const invocations = record.invocations.slice(s.invocations);
    const last = s.invocations > 0 ? record.invocations[s.invocations - 1] : undefined;
    if (last && !sameFields(last, s.lastInvocation)) invocations.unshift(last);
    const active = record.activeInvocation;
    const sameInvocation = active !== undefined && active === s.active;
    return {
      created: this.created,
      added: record.operations.slice(s.operations),
      addedFrom: s.operations,
      changed,
      events: record.events.slice(s.events),
      invocations,
      newTokens: active ? active.tokens.slice(sameInvocation ? s.activeTokens : 0) : [],
      tokensReset: s.active !== undefined && !sameInvocation,
      clientTokensAdded: this.clientTokensAdded,
      clientTokensPrunedThrough: this.clientTokensPrunedThrough,
      changeListingChanged: record.changeListing !== s.changeListing,
      ended: s.status === "RUNNING" && record.status !== "RUNNING",
      headChanged:
        record.status !== s.status ||
        record.result !== s.result ||
        record.error !== s.error ||
        record.endMs !== s.endMs ||
        record.consecutiveFailures !== s.consecutiveFailures ||
        record.seq !== s.seq ||
        record.undelivered !== s.undelivered ||
        record.undelivered.length !== s.undeliveredLength ||
        active !== s.active ||
        active?.latestToken !== s.activeLatestToken,
    };
  }

  keepBeforeImage(entry: OperationEntry): void {
    const position = positionOf(this.record, entry.op.Id);
    if (position < 0 || position >= this.snapshot.operations || this.before.has(position)) return;
    this.before.set(position, clonePlain(entry));
  }

  noteClientTokenAdded(key: string, entry: ClientTokenEntry): void {
    this.clientTokensAdded.push([key, entry]);
  }

  noteClientTokenPruned(key: string, entry: ClientTokenEntry, cutoff: number): void {
    this.clientTokensPruned.push([key, entry]);
    this.clientTokensPrunedThrough = cutoff;
  }
}

/** Call before changing an existing operation in place (a no-op when no journal is open). */
export function beforeChange(record: ExecutionRecord, entry: OperationEntry): void {
  journals.get(record)?.keepBeforeImage(entry);
}

export function noteClientTokenAdded(record: ExecutionRecord, key: string, entry: ClientTokenEntry): void {
  journals.get(record)?.noteClientTokenAdded(key, entry);
}

export function noteClientTokenPruned(record: ExecutionRecord, key: string, entry: ClientTokenEntry, cutoff: number): void {
  journals.get(record)?.noteClientTokenPruned(key, entry, cutoff);
}

/** True when the call changed something a store keeps. */
export function hasChanges(changes: RecordChanges): boolean {
  return (
    changes.created ||
    changes.headChanged ||
    changes.added.length > 0 ||
    changes.changed.length > 0 ||
    changes.events.length > 0 ||
    changes.invocations.length > 0 ||
    changes.newTokens.length > 0 ||
    changes.tokensReset ||
    changes.clientTokensAdded.length > 0 ||
    changes.clientTokensPrunedThrough !== undefined ||
    changes.changeListingChanged
  );
}

function setOrDelete<K extends keyof ExecutionRecord>(record: ExecutionRecord, key: K, value: ExecutionRecord[K]): void {
  if (value === undefined) delete record[key];
  else record[key] = value;
}

function shallowCopy<T extends object>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : { ...value };
}

function sameFields(a: object, b: object | undefined): boolean {
  if (b === undefined) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((key) => (a as Record<string, unknown>)[key] === (b as Record<string, unknown>)[key]);
}

/**
 * A deep copy of plain data that shares strings (immutable, and payloads can be MBs).
 * defineProperty, so a parsed "__proto__" key stays data instead of replacing the prototype.
 */
function clonePlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clonePlain) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = clonePlain((value as Record<string, unknown>)[key]);
    Object.defineProperty(out, key, { value: member, enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}
