// Turns the raw figures of each configuration into medians with min–max, and those
// into the Markdown tables of bench/results/latest.md and bench/README.md.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const spread = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

export function summarise(config, figures) {
  const { runs } = figures;
  const wall = spread(runs.map((r) => r.wallMs));
  if (config.workload === "W1") {
    const checkpoints = spread(runs.map((r) => r.checkpoints));
    return {
      wallMs: wall,
      msPerStep: spread(runs.map((r) => r.wallMs / config.n)),
      serviceMsPerStep: median(runs.map((r) => r.serviceMs / config.n)),
      checkpoints,
      updatesPerRequest: median(runs.map((r) => r.updates / r.checkpoints)),
      maxUpdatesPerRequest: Math.max(...runs.map((r) => r.maxUpdatesPerRequest)),
      repetitions: runs.length,
    };
  }
  return {
    wallMs: wall,
    usPerOp: spread(runs.map((r) => r.usPerOp)),
    requests: median(runs.map((r) => r.requests)),
    memory: figures.memory,
    repetitions: runs.length,
  };
}

const fixed = (value, digits) => value.toFixed(digits);
const range = (s, digits) => `${fixed(s.median, digits)} (${fixed(s.min, digits)}–${fixed(s.max, digits)})`;
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
const ok = (result) => result.summary !== undefined;

function freshTable(results) {
  const lines = [
    "| mode | latency | N | wall ms, median (min–max) | ms per step | of which in the fake service | checkpoint requests | updates per request (max) | reps |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const { config: c, summary: s, error } of results) {
    if (!s) {
      lines.push(`| ${c.mode} | ${c.latencyMs} ms | ${c.n} | failed: ${error.split("\n")[0]} | | | | | |`);
      continue;
    }
    const requests = s.checkpoints.min === s.checkpoints.max ? String(s.checkpoints.median) : range(s.checkpoints, 0);
    lines.push(
      `| ${c.mode} | ${c.latencyMs} ms | ${c.n} | ${range(s.wallMs, 1)} | ${fixed(s.msPerStep.median, 3)} | ${fixed(s.serviceMsPerStep, 3)} | ${requests} | ${fixed(s.updatesPerRequest, 1)} (${s.maxUpdatesPerRequest}) | ${s.repetitions} |`,
    );
  }
  return lines.join("\n");
}

const SHAPES = {
  await: "async/await, one page",
  paged: "async/await, pages of 1000",
  expand: "Observable `expand` loop",
  concatMap: "Observable `concatMap` chain",
};

function replayTable(results) {
  const lines = [
    "| handler | N | µs per replayed op, median (min–max) | wall ms | requests | heap before / peak MB | peak RSS MB | reps |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const { config: c, summary: s, error } of results) {
    if (!s) {
      lines.push(`| ${SHAPES[c.variant]} | ${c.n} | failed: ${error.split("\n")[0]} | | | | | |`);
      continue;
    }
    const m = s.memory;
    lines.push(
      `| ${SHAPES[c.variant]} | ${c.n} | ${range(s.usPerOp, 1)} | ${fixed(s.wallMs.median, 0)} | ${s.requests} | ${mb(m.baselineHeap)} / ${mb(m.peakHeap)} | ${mb(m.peakRss)} | ${s.repetitions} |`,
    );
  }
  return lines.join("\n");
}

/** The tables with a header naming the run; `level` is the heading depth. */
export function markdown(report, level = 2) {
  const h = "#".repeat(level);
  const { env } = report;
  const failed = report.results.filter((r) => !ok(r)).length;
  return [
    `${h} ${report.quick ? "Quick" : "Full"} run, ${env.date}`,
    "",
    `durable-rx ${env.version} (${env.commit}), Node ${env.node}, ${env.cpus}× ${env.cpuModel}, ${env.platform}; ` +
      `${report.results.length} configurations in ${fixed(report.totalSeconds, 0)} s${failed ? `, ${failed} FAILED` : ""}.`,
    "",
    `${h}# W1: fresh execution of N sequential trivial steps (one invocation)`,
    "",
    freshTable(report.results.filter((r) => r.config.workload === "W1")),
    "",
    `${h}# W2: replay of N SUCCEEDED steps (one invocation, no checkpoint)`,
    "",
    replayTable(report.results.filter((r) => r.config.workload === "W2")),
    "",
  ].join("\n");
}
