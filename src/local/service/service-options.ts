import type { CheckpointFaultOptions } from "../checkpoint-faults.js";
import type { DurableEngineOptions } from "../engine/engine-options.js";
import type { ExecutionRecord } from "../engine/records.js";
import type { ExecutionStore } from "../engine/store.js";
import { openStore, type StoreSpec } from "../store/index.js";
import { RealClock, VirtualClock, type ServiceClock } from "../virtual-clock.js";

export interface LocalDurableServiceOptions {
  /**
   * Where executions live: `"memory"` (default, gone with the process), `{ sqlite: path }`
   * (survives a restart: a service opened on the same file resumes every unfinished
   * execution), or any ExecutionStore.
   */
  store?: StoreSpec | ExecutionStore;
  /**
   * `"real"` (default): timers fire at their time. `"virtual"`: time jumps to the next
   * timer whenever nothing is running, so a week-long wait takes no time (ADR 0013). Or a
   * ServiceClock of your own (a VirtualClock at a fixed start, for readable timestamps).
   */
  clock?: "real" | "virtual" | ServiceClock;
  /** Engine settings (ids, region and account of the ARNs, invocation failure cap...). */
  engine?: Omit<DurableEngineOptions, "store">;
  /**
   * Real milliseconds with nothing running, nothing due and no outside call after which
   * callers waiting for an execution to end (RequestResponse, `waitForEnd`) are told it
   * cannot finish (ExecutionStuckError naming what it waits for). Default: 1,000 with the
   * virtual clock; never with the real one, where a callback may still come from outside.
   */
  stuckAfterMs?: number;
  /** How long `close()` lets running invocations finish before it lets go of them (default 5,000 ms). */
  closeGraceMs?: number;
  /** Events kept for readers that resume from an id (default 100,000). */
  eventLogLimit?: number;
  /**
   * Checkpoint API faults injected into the requests of in-process handlers (429, 500,
   * timeouts, lost responses, stale tokens, duplicate deliveries) at a seeded rate, to
   * test that a workflow survives them (docs/reliability.md). Off by default.
   */
  faults?: CheckpointFaultOptions;
}

export function resolveClock(clock: LocalDurableServiceOptions["clock"], records: Iterable<ExecutionRecord>): ServiceClock {
  if (clock === undefined || clock === "real") return new RealClock();
  if (clock !== "virtual") return clock;
  // A virtual clock never runs backwards, across a restart either: it starts after
  // everything already recorded, which may lie in the (virtual) future.
  let latest = Date.now();
  for (const record of records) {
    const last = record.events[record.events.length - 1]?.EventTimestamp ?? record.startMs;
    if (last > latest) latest = last;
  }
  return new VirtualClock(latest);
}

/** Every record the store holds, in full (a service opening a store reads each once). */
export function* storedRecords(store: ExecutionStore): Generator<ExecutionRecord> {
  for (const { arn } of [...store.list()]) {
    const record = store.get(arn);
    if (record) yield record;
  }
}

export function resolveStore(store: LocalDurableServiceOptions["store"]): ExecutionStore {
  if (store === undefined || store === "memory" || "sqlite" in store) return openStore(store);
  return store;
}
