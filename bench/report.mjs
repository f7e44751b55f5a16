// Turns the raw figures of each configuration into medians with min–max and ratios
// against the official SDK, and those into the Markdown of bench/results/latest.md and
// bench/README.md.
import { median, ratio, spread, times } from "./stats.mjs";
import { checkTargets } from "./targets.mjs";

const exact = (value) => ({ median: value, min: value, max: value });

/**
 * Medians and spreads of one configuration's runs. `primary` is the headline figure the
 * ratio official / durable-rx is taken of (lower is better for every one of them).
 */
export function summarise(config, figures) {
  const { runs = [], memory } = figures;
  const of = (key) => spread(runs.map((r) => r[key]));
  const requests = () => ({
    checkpoints: of("checkpoints"),
    updatesPerRequest: median(runs.map((r) => r.updates / Math.max(1, r.checkpoints))),
    maxUpdatesPerRequest: Math.max(...runs.map((r) => r.maxUpdatesPerRequest)),
  });
  const base = { repetitions: runs.length, memory };
  switch (config.workload) {
    case "W1": {
      const wallMs = of("wallMs");
      return { ...base, primary: wallMs, wallMs, msPerStep: spread(runs.map((r) => r.wallMs / config.n)), serviceMsPerStep: median(runs.map((r) => r.serviceMs / config.n)), ...requests() };
    }
    case "W2":
      return { ...base, primary: of("usPerOp"), wallMs: of("wallMs"), usPerOp: of("usPerOp"), requests: median(runs.map((r) => r.requests)) };
    case "W3": {
      const wallMs = of("wallMs");
      return { ...base, primary: wallMs, wallMs, invocations: median(runs.map((r) => r.invocations)), serviceMs: median(runs.map((r) => r.serviceMs)), ...requests() };
    }
    case "W4": {
      const toPendingMs = of("toPendingMs");
      return { ...base, primary: toPendingMs, toPendingMs, resumedMs: of("resumedMs"), ...requests() };
    }
    case "W5":
      if (config.kind === "bundle") return { ...base, primary: exact(figures.bundle.external.bytes), bundle: figures.bundle };
      return { ...base, primary: of("wallMs"), importMs: of("wallMs") };
    case "W6":
      return { ...base, perSecond: of("perSecond"), wallMs: of("wallMs"), p50Ms: median(runs.map((r) => r.p50Ms)), p99Ms: median(runs.map((r) => r.p99Ms)) };
    default:
      throw new Error(`unknown workload ${config.workload}`);
  }
}

const fixed = (value, digits) => value.toFixed(digits);
const range = (s, digits) => `${fixed(s.median, digits)} (${fixed(s.min, digits)}–${fixed(s.max, digits)})`;
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
const kib = (bytes) => (bytes / 1024).toFixed(1);
const size = ({ bytes, gzipBytes }) => `${kib(bytes)} (${kib(gzipBytes)})`;

const SUBJECT = { official: "official 2.4.0", "durable-rx": "durable-rx" };
const subject = (c) => (c.mode ? `durable-rx ${c.mode}` : SUBJECT[c.sdk]);
const SHAPES = {
  await: "async/await, one page",
  paged: "async/await, pages of 1000",
  expand: "Observable `expand` loop",
  concatMap: "Observable `concatMap` chain",
};

/**
 * One Markdown table: `key` gives a row's leading cells (its parameters), `cells` the
 * figures; a failed or skipped configuration keeps its row with the reason.
 */
function table(results, headers, key, cells) {
  const lines = [`| ${headers.join(" | ")} |`, `| ${headers.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`];
  for (const result of results) {
    const lead = key(result.config);
    const rest = result.summary
      ? cells(result.summary, result)
      : [result.skipped ? `skipped: ${result.skipped}` : `FAILED: ${result.error.split("\n")[0]}`];
    while (lead.length + rest.length < headers.length) rest.push("");
    lines.push(`| ${[...lead, ...rest].join(" | ")} |`);
  }
  return lines.join("\n");
}

const requestCells = (s) => {
  const requests = s.checkpoints.min === s.checkpoints.max ? String(s.checkpoints.median) : range(s.checkpoints, 0);
  return [requests, `${fixed(s.updatesPerRequest, 1)} (${s.maxUpdatesPerRequest})`];
};
const memoryCells = (m) => (m ? [`${mb(m.baselineHeap)} / ${mb(m.peakHeap)}`, mb(m.peakRss)] : ["", ""]);

const TABLES = {
  W1: {
    title: "W1: fresh execution of N sequential trivial steps (one invocation)",
    render: (results, all) =>
      table(
        results,
        ["latency", "N", "subject", "wall ms, median (min–max)", "ms per step", "of which in the fake service", "checkpoint requests", "updates per request (max)", "heap before / peak MB", "peak RSS MB", "official / this", "reps"],
        (c) => [`${c.latencyMs} ms`, String(c.n), subject(c)],
        (s, r) => [range(s.wallMs, 1), fixed(s.msPerStep.median, 3), fixed(s.serviceMsPerStep, 3), ...requestCells(s), ...memoryCells(s.memory), times(ratio(all, r)), String(s.repetitions)],
      ),
  },
  W2: {
    title: "W2: replay of N SUCCEEDED steps (one invocation, no checkpoint)",
    render: (results, all) =>
      table(
        results,
        ["N", "subject", "handler", "µs per replayed op, median (min–max)", "wall ms", "requests", "heap before / peak MB", "peak RSS MB", "official / this: time", "peak heap", "reps"],
        (c) => [String(c.n), SUBJECT[c.sdk], SHAPES[c.variant]],
        (s, r) => [range(s.usPerOp, 1), fixed(s.wallMs.median, 0), String(s.requests), ...memoryCells(s.memory), times(ratio(all, r)), times(ratio(all, r, (x) => x.memory?.peakHeap)), String(s.repetitions)],
      ),
  },
  W3: {
    title: "W3: `map` over 1000 items, maxConcurrency 50, one step per item",
    render: (results, all) =>
      table(
        results,
        ["latency", "subject", "wall ms, median (min–max)", "invocations", "checkpoint requests", "updates per request (max)", "heap before / peak MB", "peak RSS MB", "official / this", "reps"],
        (c) => [`${c.latencyMs} ms`, subject(c)],
        (s, r) => [range(s.wallMs, 1), String(s.invocations), ...requestCells(s), ...memoryCells(s.memory), times(ratio(all, r)), String(s.repetitions)],
      ),
  },
  W4: {
    title: "W4: step, wait 60 s, step (suspend, then resume on a virtual clock)",
    render: (results, all) =>
      table(
        results,
        ["latency", "subject", "ms to PENDING, median (min–max)", "ms of the resumed invocation", "checkpoint requests", "official / this (to PENDING)", "reps"],
        (c) => [`${c.latencyMs} ms`, subject(c)],
        (s, r) => [range(s.toPendingMs, 1), range(s.resumedMs, 1), String(s.checkpoints.median), times(ratio(all, r)), String(s.repetitions)],
      ),
  },
  W5: {
    title: "W5: cold start and footprint",
    render: (results, all) =>
      [
        table(
          results.filter((r) => r.config.kind === "import"),
          ["import", "subject", "ms to import, median (min–max)", "official / this", "fresh processes"],
          (c) => [c.withClient ? "the SDK, then @aws-sdk/client-lambda" : "the SDK alone", SUBJECT[c.sdk]],
          (s, r) => [range(s.importMs, 1), times(ratio(all, r)), String(s.repetitions)],
        ),
        "",
        table(
          results.filter((r) => r.config.kind === "bundle"),
          ["minimal handler, esbuild --minify, format ESM", "client external: KiB (gzip)", "official / this", "client external, packages' ESM builds", "client included"],
          (c) => [SUBJECT[c.sdk]],
          (s, r) => [
            size(s.bundle.external),
            times(ratio(all, r)),
            size(s.bundle.externalEsm),
            size(s.bundle.included),
          ],
        ),
      ].join("\n"),
  },
  W6: {
    title: "W6: local service throughput (durable-rx only; 3 steps and a 1 s wait, 10 executions at a time)",
    render: (results) =>
      table(
        results,
        ["path", "executions", "executions per second, median (min–max)", "wall ms", "p50 ms", "p99 ms", "reps"],
        (c) => [c.path === "http-sqlite" ? "HTTP API, SQLite, skip-time" : "in-process runner (runToCompletion)", String(c.executions)],
        (s) => [range(s.perSecond, 1), fixed(s.wallMs.median, 0), fixed(s.p50Ms, 1), fixed(s.p99Ms, 1), String(s.repetitions)],
      ),
  },
};

function targetsTable(results) {
  const lines = ["| target | figure in this run | met |", "| --- | --- | --- |"];
  for (const t of checkTargets(results)) lines.push(`| ${t.target} | ${t.figure} | ${t.met === undefined ? "not measured" : t.met ? "yes" : "**no**"} |`);
  return lines.join("\n");
}

const filter = ({ only, match }) =>
  only || match ? ` filtered by ${[only && `--only=${only.join(",")}`, match && `--match="${match.join(",")}"`].filter(Boolean).join(" ")}` : "";

/** The tables with a header naming the run; `level` is the heading depth. */
export function markdown(report, level = 2) {
  const h = "#".repeat(level);
  const { env } = report;
  const failed = report.results.filter((r) => !r.summary && !r.skipped).length;
  const skipped = report.results.filter((r) => r.skipped).length;
  const sections = [];
  for (const [workload, { title, render }] of Object.entries(TABLES)) {
    const results = report.results.filter((r) => r.config.workload === workload);
    if (results.length) sections.push(`${h}# ${title}`, "", render(results, report.results), "");
  }
  return [
    `${h} ${report.quick ? "Quick" : "Full"} run${filter(report)}, ${env.date}`,
    "",
    `durable-rx ${env.version} (${env.commit}) against @aws/durable-execution-sdk-js ${env.official}, Node ${env.node}, ` +
      `${env.cpus}× ${env.cpuModel}, ${env.platform}, load average ${env.loadBefore} before the run; ` +
      `${report.results.length} configurations in ${fixed(report.totalSeconds, 0)} s` +
      `${failed ? `, ${failed} FAILED` : ""}${skipped ? `, ${skipped} skipped` : ""}.`,
    "",
    `${h}# Targets (issue 7)`,
    "",
    targetsTable(report.results),
    "",
    ...sections,
  ].join("\n");
}
