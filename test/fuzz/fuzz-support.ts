import fc from "fast-check";
import { DurableError } from "../../src/index.js";
import { hashOperationId } from "../../src/ids/index.js";

/**
 * Shared pieces of the bad-input tests: bounded, seeded runs (so a failure reproduces and
 * the files stay well under a minute on two busy cores), generators of hostile values,
 * and the one judgement every case gets: a typed error whose message says what was wrong.
 */

/** Every property here: a fixed seed, a bounded number of runs (FUZZ_RUNS raises it locally). */
export function fuzzParams(runs: number, seed: number): fc.Parameters<unknown> {
  const scale = Number(process.env.FUZZ_RUNS_SCALE ?? "1");
  return { seed, numRuns: Math.max(1, Math.round(runs * scale)), endOnFailure: true, includeErrorInReport: true };
}

/** Counts what each property tried, for docs/reliability.md's figures (printed when FUZZ_REPORT is set). */
export const tried = new Map<string, number>();
export function count(label: string, n = 1): void {
  tried.set(label, (tried.get(label) ?? 0) + n);
}
export function report(): void {
  if (!process.env.FUZZ_REPORT) return;
  for (const [label, n] of tried) console.log(`fuzz: ${label}: ${n} inputs`);
}

/** Values a hostile caller can throw or pass: primitives of every kind, odd objects, huge and odd strings. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true }),
  fc.constantFrom<unknown>(
    undefined,
    null,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    Symbol("thrown"),
    Symbol.for("registered"),
    () => "a function",
    hostileProxy(),
    Object.create(null),
    { name: 42, message: { not: "a string" } },
    { toString: () => { throw new Error("toString throws"); } },
    "",
    "\u0000\uffff\ud800",
  ),
  fc.string({ unit: "binary", maxLength: 64 }),
);

/** An object whose every property read and key listing throws (fast-check may still print it). */
function hostileProxy(): object {
  const printable = (key: PropertyKey) => key === fc.toStringMethod;
  return new Proxy(
    {},
    {
      get: (_target, key) => {
        if (printable(key)) return () => "<hostile proxy>";
        throw new Error("hostile getter");
      },
      has: (_target, key) => printable(key),
      ownKeys: () => {
        throw new Error("hostile keys");
      },
    },
  );
}

/**
 * What a JSON document can hold where something else was expected: the invocation event,
 * a history and HTTP bodies arrive as JSON, so nothing here is a function or a proxy.
 */
export const jsonHostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(null, "", 0, -1, 1.5, 1e308, -1e308, true, false, [], {}, "null", "{}", "\u0000", "𝔘nicode ✓"),
  fc.string({ unit: "binary", maxLength: 40 }),
);

/** A circular object: JSON.stringify throws on it. */
export function circular(): unknown {
  const node: Record<string, unknown> = { label: "loop" };
  node.self = node;
  return node;
}

/** Wire ids of the operations a small workflow creates: the root's 1..n and a child's n-1.. */
export const rawIds = ["1", "2", "3", "4", "5", "6", "3-1", "3-2", "6-1", "6-2"] as const;
export const wireIds = rawIds.map((raw) => hashOperationId(raw));

/** An error the SDK may raise for bad input: a durable-rx error (ValidationError, LimitExceededError, ...). */
export function isTypedError(error: unknown): error is DurableError {
  return DurableError.is(error);
}

/** Errors JavaScript raises on a bug (a property of undefined, a bad call): none may escape the SDK. */
export const BUG_TYPES = new Set(["TypeError", "RangeError", "ReferenceError", "SyntaxError", "InternalError", "EvalError"]);

/** Races `promise` against a bound, so a hang is a failure with a name rather than a stuck test. */
export async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}
