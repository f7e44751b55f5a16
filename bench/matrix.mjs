// The configurations of one bench run (shared/BENCHMARKS.md, W1–W6). Each one runs in
// its own child process, so JIT state and heap never carry over between them. The two
// SDKs alternate configuration by configuration: each group of configurations that share
// a `pair` key (the same workload and parameters) runs the official SDK first, then
// durable-rx's variants of it, and the report sets each against the official figure.

export const MODES = ["eager", "batched", "optimistic"];

/**
 * The largest N: the service refuses a history of more than 25,000 operations, the
 * EXECUTION operation included (docs/limits.md), so 24,999 steps is the history limit
 * that shared/BENCHMARKS.md calls "25000".
 */
export const HISTORY_LIMIT_STEPS = 24_999;
export const WORKLOADS = ["W1", "W2", "W3", "W4", "W5", "W6"];

/**
 * Quick mode keeps the whole run under two minutes on 2 cores. Sequential steps at 10 ms
 * pay a round trip each (~11 ms per step for the official SDK, eager and batched), so at
 * 10 ms quick runs N = 50 and the N = 1000 target is left to the full run; so are
 * replays of the history limit (the official SDK takes 5–20 s per replay). W3 runs at
 * 10 ms only, where its target is.
 */
export function matrix({ quick }) {
  const configs = [...fresh(quick), ...replay(quick), ...fanOut(quick), ...suspend(), ...coldStart(), ...service()];
  return configs.map((config) => ({ ...repetitions(quick, config.workload), ...config }));
}

function fresh(quick) {
  const sizes = {
    0: quick ? [100, 1000] : [100, 1000, 10000, HISTORY_LIMIT_STEPS],
    10: quick ? [50] : [100, 1000, 10000, HISTORY_LIMIT_STEPS],
  };
  const configs = [];
  for (const latencyMs of [0, 10]) {
    for (const n of sizes[latencyMs]) {
      const pair = `W1 ${latencyMs} ${n}`;
      configs.push({ workload: "W1", sdk: "official", latencyMs, n, pair });
      for (const mode of MODES) configs.push({ workload: "W1", sdk: "durable-rx", mode, latencyMs, n, pair });
    }
  }
  return configs;
}

/** The Observable variants are durable-rx only; they are set against the official async/await replay. */
function replay(quick) {
  const configs = [];
  for (const n of quick ? [1000, 10000] : [1000, 10000, HISTORY_LIMIT_STEPS]) {
    const pair = `W2 ${n}`;
    configs.push({ workload: "W2", sdk: "official", variant: "await", n, pair });
    for (const variant of ["await", "expand", "concatMap"]) configs.push({ workload: "W2", sdk: "durable-rx", variant, n, pair });
    const paged = `W2 ${n} paged`;
    configs.push({ workload: "W2", sdk: "official", variant: "paged", n, pair: paged });
    configs.push({ workload: "W2", sdk: "durable-rx", variant: "paged", n, pair: paged });
  }
  return configs;
}

function fanOut(quick) {
  const configs = [];
  for (const latencyMs of quick ? [10] : [0, 10]) {
    const pair = `W3 ${latencyMs}`;
    configs.push({ workload: "W3", sdk: "official", latencyMs, pair });
    for (const mode of MODES) configs.push({ workload: "W3", sdk: "durable-rx", mode, latencyMs, pair });
  }
  return configs;
}

function suspend() {
  const configs = [];
  for (const latencyMs of [0, 10]) {
    const pair = `W4 ${latencyMs}`;
    configs.push({ workload: "W4", sdk: "official", latencyMs, pair });
    for (const mode of MODES) configs.push({ workload: "W4", sdk: "durable-rx", mode, latencyMs, pair });
  }
  return configs;
}

function coldStart() {
  const configs = [];
  for (const withClient of [false, true]) {
    const pair = `W5 import ${withClient}`;
    for (const sdk of ["official", "durable-rx"]) configs.push({ workload: "W5", kind: "import", sdk, withClient, pair });
  }
  for (const sdk of ["official", "durable-rx"]) configs.push({ workload: "W5", kind: "bundle", sdk, pair: "W5 bundle" });
  return configs;
}

/** durable-rx only: there is no official figure to set these against. */
function service() {
  return ["http-sqlite", "in-process"].map((path) => ({ workload: "W6", sdk: "durable-rx", path, executions: 200, pair: `W6 ${path}` }));
}

/**
 * Repetitions after the warm-up: at least `minReps`, then more until `reps` or until
 * `budgetMs` is spent (the report shows how many ran). W5's are cold processes of a few
 * hundred ms each, so it takes more of them.
 */
function repetitions(quick, workload) {
  if (workload === "W5") return quick ? { reps: 5, minReps: 5, budgetMs: 0 } : { reps: 15, minReps: 15, budgetMs: 0 };
  // 200 executions over HTTP take ~5 s: quick does with one.
  if (workload === "W6" && quick) return { reps: 2, minReps: 1, budgetMs: 3_000 };
  return quick ? { reps: 3, minReps: 2, budgetMs: 3_000 } : { reps: 5, minReps: 1, budgetMs: 60_000 };
}
