import type { ObservableInput, ObservableInputTuple, ObservedValueOf } from "rxjs";

/** One input's outcome, as `Promise.allSettled` reports it. */
export type SettledResult<T> =
  | { readonly status: "fulfilled"; readonly value: T }
  | { readonly status: "rejected"; readonly reason: unknown };

/** What `all` and `allSettled` accept: a tuple (or array) or a record of operations. */
export type CombinatorInputs = readonly ObservableInput<unknown>[] | Readonly<Record<string, ObservableInput<unknown>>>;

/** The values of a record of inputs, per key (as `forkJoin` types them). */
export type ValuesOf<R extends Record<string, ObservableInput<unknown>>> = { [K in keyof R]: ObservedValueOf<R[K]> };

/** The settled outcomes of a record of inputs, per key. */
export type SettledOf<R extends Record<string, ObservableInput<unknown>>> = { [K in keyof R]: SettledResult<ObservedValueOf<R[K]>> };

/** The settled outcomes of a tuple of values, per position. */
export type SettledTuple<A extends readonly unknown[]> = { -readonly [K in keyof A]: SettledResult<A[K]> };

export type { ObservableInputTuple };
