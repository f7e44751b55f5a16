import { DurableError } from "../../errors/index.js";
import type { CompletionReason } from "./completion-config.js";

/** SUCCEEDED or FAILED: the item finished; STARTED: it was still running when the batch completed. */
export type BatchItemStatus = "SUCCEEDED" | "FAILED" | "STARTED";

interface ItemBase {
  /** The item's position in the input (the branch's, for parallel). */
  readonly index: number;
  /** `map-item-<i>` / `parallel-branch-<i>`, or the name given. */
  readonly name: string;
}

/** One started item of a batch. */
export type BatchItem<T> =
  | (ItemBase & { readonly status: "SUCCEEDED"; readonly result: T; readonly error?: undefined })
  | (ItemBase & { readonly status: "FAILED"; readonly error: Error; readonly result?: undefined })
  | (ItemBase & { readonly status: "STARTED"; readonly result?: undefined; readonly error?: undefined });

type ItemWith<T, S extends BatchItemStatus> = Extract<BatchItem<T>, { status: S }>;

/**
 * The outcome of a map or parallel: a map never throws because items failed, it
 * completes with this (PROTOCOL.md §6.6). The same class live and after replay.
 *
 * `all` lists every item that was started, in index order; items the batch never
 * started (after a fail-fast failure, or once `minSuccessful` was reached) are not
 * listed, so `all.length` may be less than `totalCount`, the number of items given.
 *
 * @example
 * ```ts
 * const batch = await ctx.map("charge", orders, (c, order) => c.step(() => charge(order)));
 * const receipts = batch.throwIfError();
 * ```
 */
export class BatchResult<T, TResults = T[]> {
  constructor(
    /** Every started item, in index order. */
    readonly all: readonly BatchItem<T>[],
    readonly completionReason: CompletionReason,
    /** How many items the batch was given. */
    readonly totalCount: number,
  ) {}

  /** The results of the items that succeeded, in index order. */
  results(): T[] {
    return this.succeeded().map((item) => item.result);
  }

  /** The errors of the items that failed, in index order. */
  errors(): Error[] {
    return this.failed().map((item) => item.error);
  }

  succeeded(): ItemWith<T, "SUCCEEDED">[] {
    return this.all.filter((item): item is ItemWith<T, "SUCCEEDED"> => item.status === "SUCCEEDED");
  }

  failed(): ItemWith<T, "FAILED">[] {
    return this.all.filter((item): item is ItemWith<T, "FAILED"> => item.status === "FAILED");
  }

  /** Items still running when the batch completed (their later work is not recorded). */
  started(): ItemWith<T, "STARTED">[] {
    return this.all.filter((item): item is ItemWith<T, "STARTED"> => item.status === "STARTED");
  }

  get successCount(): number {
    return this.count("SUCCEEDED");
  }

  get failureCount(): number {
    return this.count("FAILED");
  }

  /** Items still running when the batch completed. */
  get startedCount(): number {
    return this.count("STARTED");
  }

  get hasFailure(): boolean {
    return this.all.some((item) => item.status === "FAILED");
  }

  /** FAILED when any item failed, else SUCCEEDED. */
  get status(): "SUCCEEDED" | "FAILED" {
    return this.hasFailure ? "FAILED" : "SUCCEEDED";
  }

  /** Throws the first item's error (in index order) if any failed; otherwise returns the results. */
  throwIfError(): TResults {
    const failure = this.all.find((item) => item.status === "FAILED");
    if (failure) throw failure.error;
    return this.collect();
  }

  /** What `throwIfError` returns: the results in index order. */
  protected collect(): TResults {
    return this.results() as TResults;
  }

  private count(status: BatchItemStatus): number {
    let n = 0;
    for (const item of this.all) if (item.status === status) n++;
    return n;
  }
}

/**
 * The outcome of `parallel` over a record of branches: each branch's item is found
 * by its key with its own type, and `throwIfError()` returns the record of results,
 * like `forkJoin` over a record.
 */
export class RecordBatchResult<R extends Record<string, unknown>> extends BatchResult<R[keyof R], R> {
  constructor(
    all: readonly BatchItem<R[keyof R]>[],
    completionReason: CompletionReason,
    /** The record's keys in branch order: key `keys[i]` is branch `i`. */
    readonly keys: readonly (keyof R & string)[],
  ) {
    super(all, completionReason, keys.length);
  }

  /** The item of branch `key`, or undefined if it was never started. */
  get<K extends keyof R & string>(key: K): BatchItem<R[K]> | undefined {
    const index = this.keys.indexOf(key);
    return this.all.find((item) => item.index === index) as BatchItem<R[K]> | undefined;
  }

  /**
   * Every branch's result by key. A branch that never finished (the batch completed
   * early through `minSuccessful`) has no result to give, so that throws too.
   */
  protected override collect(): R {
    const out: Record<string, unknown> = {};
    for (const [index, key] of this.keys.entries()) {
      const item = this.all.find((candidate) => candidate.index === index);
      if (item?.status !== "SUCCEEDED") {
        throw new DurableError(
          `parallel: branch "${key}" ${item ? "was still running" : "was never started"} when the batch completed (${this.completionReason})`,
        );
      }
      out[key] = item.result;
    }
    return out as R;
  }
}
