import { catchError, defaultIfEmpty, from, map, type Observable, type ObservableInput, of, take } from "rxjs";
import { ValidationError } from "../../errors/index.js";

/** One input's first outcome, tagged with its position. */
export type Outcome =
  | { readonly index: number; readonly ok: true; readonly value: unknown }
  | { readonly index: number; readonly ok: false; readonly error: unknown };

/** The inputs of a combinator as a list, and how to give the list of results their shape back. */
export interface InputList {
  readonly list: readonly ObservableInput<unknown>[];
  readonly shape: <R>(results: readonly R[]) => unknown;
}

/**
 * Accepts an array (or tuple) or a record of inputs, as `forkJoin` does. A record's
 * keys are taken in `Object.keys` order, which is insertion order: the same on every
 * replay of the same code.
 */
export function inputList(inputs: unknown, where: string): InputList {
  if (Array.isArray(inputs)) return { list: inputs.map((input, i) => checked(input, `${where}[${i}]`)), shape: (results) => [...results] };
  if (typeof inputs === "object" && inputs !== null && !isObservableInput(inputs)) {
    const keys = Object.keys(inputs);
    const record = inputs as Record<string, unknown>;
    return {
      list: keys.map((key) => checked(record[key], `${where}.${key}`)),
      shape: (results) => Object.fromEntries(keys.map((key, i) => [key, results[i]])),
    };
  }
  throw new ValidationError(`${where}: expected an array or a record of operations; got ${describe(inputs)}`);
}

/** An array of inputs (race and any take no records: "the winner's index" needs an order). */
export function inputArray(inputs: unknown, where: string): readonly ObservableInput<unknown>[] {
  if (!Array.isArray(inputs)) throw new ValidationError(`${where}: expected an array of operations; got ${describe(inputs)}`);
  return inputs.map((input, i) => checked(input, `${where}[${i}]`));
}

/**
 * An input's first outcome: its first value (a durable operation has exactly one),
 * `undefined` when it completes empty (as awaiting it would give), or its error.
 * Taking the first value unsubscribes, which for a durable operation only detaches.
 */
export function outcomeOf(input: ObservableInput<unknown>, index: number): Observable<Outcome> {
  return from(input).pipe(
    take(1),
    defaultIfEmpty(undefined),
    map((value): Outcome => ({ index, ok: true, value })),
    catchError((error: unknown) => of<Outcome>({ index, ok: false, error })),
  );
}

function checked(input: unknown, where: string): ObservableInput<unknown> {
  if (isObservableInput(input)) return input;
  throw new ValidationError(`${where}: expected a durable operation, an Observable or a Promise; got ${describe(input)}`);
}

function isObservableInput(value: unknown): value is ObservableInput<unknown> {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return false;
  const candidate = value as Record<PropertyKey, unknown>;
  return (
    typeof candidate.subscribe === "function" ||
    typeof candidate.then === "function" ||
    typeof candidate[Symbol.asyncIterator] === "function"
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}
