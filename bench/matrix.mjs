// The configurations of one bench run (shared/BENCHMARKS.md, W1 and W2). Each one runs
// in its own child process, so JIT state and heap never carry over between them.

const MODES = ["eager", "batched", "optimistic"];

/**
 * Quick mode keeps the whole run under two minutes on 2 cores: eager and batched at
 * 10 ms pay one round trip (plus the batched window) per step, ~11–21 s per 1000 steps,
 * so at 10 ms quick stops at N = 100; replays of 25000 steps (~3–5 s each) are left
 * to the full run.
 */
export function matrix({ quick }) {
  const fresh = [];
  const freshSizes = {
    0: quick ? [100, 1000] : [100, 1000, 10000, 25000],
    10: quick ? [100] : [100, 1000, 10000, 25000],
  };
  for (const latencyMs of [0, 10]) {
    for (const mode of MODES) {
      for (const n of freshSizes[latencyMs]) fresh.push({ workload: "W1", mode, latencyMs, n });
    }
  }
  const replay = [];
  for (const variant of ["await", "paged", "expand", "concatMap"]) {
    for (const n of quick ? [1000, 10000] : [1000, 10000, 25000]) replay.push({ workload: "W2", variant, n });
  }
  return [...fresh, ...replay].map((config) => ({ ...config, ...repetitions(quick) }));
}

/**
 * Repetitions after the warm-up: at least `minReps`, then more until `reps` or until
 * `budgetMs` is spent (the report shows how many ran). A full run's batched 10 ms,
 * N = 25000 configuration takes ~9 minutes per repetition.
 */
function repetitions(quick) {
  return quick ? { reps: 3, minReps: 2, budgetMs: 6_000 } : { reps: 5, minReps: 1, budgetMs: 60_000 };
}
