import { enums, func, integer, min, object, optional, type } from "superstruct";
import type { Observable } from "rxjs";
import type { DurableContext } from "../../context/durable-context.js";
import type { Serdes } from "../../serdes/index.js";
import { CompletionConfigStruct, type CompletionConfig } from "./completion-config.js";

/** What map and parallel share. */
export interface BatchConfig<T> {
  /** How many items run at once (an integer ≥ 1); unlimited by default. */
  maxConcurrency?: number;
  /** When the batch is complete; fail-fast (the first failure completes it) by default. */
  completion?: CompletionConfig;
  /**
   * `"nested"` (default): each item is a CONTEXT operation of its own, so a finished
   * item replays from its record. `"flat"`: for large fan-outs, items have no CONTEXT
   * of their own (two updates fewer per item); their operations hang under the batch
   * and a replay runs the item's function again over them.
   */
  nesting?: "nested" | "flat";
  /** Serdes of each item's result (in its CONTEXT and in the batch's stored result); the handler's serdes by default. */
  itemSerdes?: Serdes<T>;
}

/** `fn` of a map: receives its own child context, the item, its index and the whole input. */
export type MapFn<I, T, C = DurableContext> = (context: C, item: I, index: number, items: readonly I[]) => T | PromiseLike<T> | Observable<T>;

/** The item function as `ctx.map` infers it: whatever it returns, `R`, gives the items' type {@link ResultOf}. */
export type MapItemFn<I, R, C = DurableContext> = (context: C, item: I, index: number, items: readonly I[]) => R;

export interface MapConfig<I, T> extends BatchConfig<T> {
  /** The item's name (printable ASCII, 1–256); `map-item-<index>` by default. */
  itemName?: (item: I, index: number) => string;
}

export type ParallelConfig<T = unknown> = BatchConfig<T>;

/** A parallel branch: runs with its own child context and returns a value, a Promise or an Observable (its last value). */
export type ParallelFn<T, C = DurableContext> = (context: C) => T | PromiseLike<T> | Observable<T>;

/** A branch with a name of its own (`parallel-branch-<index>` otherwise). */
export interface NamedParallelBranch<T, C = DurableContext> {
  name?: string;
  run: ParallelFn<T, C>;
}

export type ParallelBranch<T, C = DurableContext> = ParallelFn<T, C> | NamedParallelBranch<T, C>;

/**
 * The value a function returning `R` produces in a batch: a Promise's (or a durable
 * operation's) value, an Observable's last value, or `R` itself. PromiseLike is checked
 * first: a durable operation is both, and inferring from its Observable side gives `any`.
 */
export type ResultOf<R> = R extends PromiseLike<infer V> ? V : R extends Observable<infer V> ? V : R;

/** The value a branch produces: its function's result, unwrapped from a Promise or an Observable. */
export type BranchValue<B> = B extends { run: (...args: never[]) => infer R }
  ? ResultOf<R>
  : B extends (...args: never[]) => infer R
    ? ResultOf<R>
    : never;

/** The per-key results of a record of branches, as `forkJoin` types a record. */
export type BranchValues<R> = { [K in keyof R]: BranchValue<R[K]> };

const batchFields = {
  maxConcurrency: optional(min(integer(), 1)),
  completion: optional(CompletionConfigStruct),
  nesting: optional(enums(["nested", "flat"] as const)),
  // type(): a serdes may be a class instance or carry fields of its own.
  itemSerdes: optional(type({ serialize: func(), deserialize: func() })),
};

export const MapConfigStruct = object({ ...batchFields, itemName: optional(func()) });
export const ParallelConfigStruct = object(batchFields);
