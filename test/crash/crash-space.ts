import type { CheckpointMode } from "../../src/index.js";

/**
 * Where the process of an invocation dies. Requests are counted over the whole
 * execution (every invocation), 0-based, CheckpointDurableExecution only:
 *
 * - `before`: as the SDK sends request `k`; the service never sees it.
 * - `lost`: the service applies request `k`; the process dies before the answer arrives.
 * - `in-flight-landed`: request `k` is held in flight while the SDK runs on for a few
 *   macrotasks (bodies run, updates gather); then the process dies and the request lands.
 * - `in-flight-dropped`: as above, but the request never lands.
 * - `late`: the process dies as it sends request `k`, which is held up in the network
 *   and reaches the service only after the next invocation has begun (or the execution
 *   ended): the service must fence it off (a stale checkpoint token), never apply it.
 * - `after`: request `k` is answered; the process dies on the next macrotask, once the
 *   continuations the answer released have run, before the next request goes out
 *   (between a response and the next operation).
 * - `body`: body run `k` (0-based over the execution) starts; the process dies in it.
 */
export type CrashPhase = "before" | "lost" | "in-flight-landed" | "in-flight-dropped" | "late" | "after" | "body";

export const REQUEST_PHASES: readonly CrashPhase[] = ["before", "lost", "in-flight-landed", "in-flight-dropped", "late", "after"];

export interface CrashPoint {
  readonly phase: CrashPhase;
  readonly k: number;
}

export const MODES: readonly CheckpointMode[] = ["eager", "batched", "optimistic"];

/** Every crash point of a run that made `requests` checkpoint requests and `bodyRuns` body runs. */
export function crashSpace(requests: number, bodyRuns: number): CrashPoint[] {
  const points: CrashPoint[] = [];
  for (let k = 0; k < requests; k++) for (const phase of REQUEST_PHASES) points.push({ phase, k });
  for (let k = 0; k < bodyRuns; k++) points.push({ phase: "body", k });
  return points;
}

export const describePoint = (point: CrashPoint): string =>
  point.phase === "body" ? `crash in body run ${point.k}` : `crash ${point.phase} request ${point.k}`;

/** The seeded PRNG the fault injector uses, so a sample is the same on every machine. */
export { seededRandom } from "../../src/local/checkpoint-faults.js";

/** `count` distinct elements of `items`, chosen by `random` (all of them when count ≥ length), in their original order. */
export function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  if (count >= items.length) return [...items];
  const indices = items.map((_, i) => i);
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return indices
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}
