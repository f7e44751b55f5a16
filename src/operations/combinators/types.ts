import type { Observable, ObservableInput, ObservedValueOf } from "rxjs";

/** One input's outcome, as `Promise.allSettled` reports it. */
export type SettledResult<T> =
  | { readonly status: "fulfilled"; readonly value: T }
  | { readonly status: "rejected"; readonly reason: unknown };

/**
 * The value an input produces: what awaiting it gives. Read through `PromiseLike`
 * first, because rxjs's `ObservedValueOf` (and `forkJoin`'s inference) gives `any` for a
 * durable operation, whose `pipe` has a catch-all overload.
 */
export type ValueOf<O> = O extends PromiseLike<infer T> ? T : O extends Observable<infer T> ? T : ObservedValueOf<O>;

/** A tuple (or array) of inputs, inferred as a tuple where the call site writes one. */
export type InputTuple = readonly ObservableInput<unknown>[] | [];

/** A record of inputs. */
export type InputRecord = Readonly<Record<string, ObservableInput<unknown>>>;

/** The values of inputs, per position or per key (as `forkJoin` types them). */
export type ValuesOf<I> = { -readonly [K in keyof I]: ValueOf<I[K]> };

/** The settled outcomes of inputs, per position or per key. */
export type SettledOf<I> = { -readonly [K in keyof I]: SettledResult<ValueOf<I[K]>> };
