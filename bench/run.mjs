// Runs the bench: every configuration of matrix.mjs in a fresh child process, one at a
// time (two cores: a second process would measure contention), the official SDK and
// durable-rx alternating, then writes bench/results/latest.{json,md} and the tables in
// bench/README.md.
//
//   node bench/run.mjs [--quick] [--only=W1,W3] [--match="10ms N=1000,N=24999"]
//
// (after `npm run build`). --match keeps the configurations whose progress label (e.g.
// "W1 durable-rx optimistic 10ms N=1000") has every word of one of the patterns.
import { execFileSync, fork } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { matrix, WORKLOADS } from "./matrix.mjs";
import { markdown, summarise } from "./report.mjs";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const quick = process.argv.includes("--quick");
const option = (name) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3).split(",");
const only = option("only");
const match = option("match");
const unknown = only?.filter((w) => !WORKLOADS.includes(w)) ?? [];
if (unknown.length) {
  console.error(`--only: unknown workload ${unknown.join(", ")}; the workloads are ${WORKLOADS.join(", ")}`);
  process.exit(2);
}
// A hung child must not hang the run; the slowest full configuration takes ~10 minutes.
const CHILD_TIMEOUT_MS = quick ? 60_000 : 30 * 60_000;

function runChild(config) {
  return new Promise((resolve) => {
    const child = fork(here("./workload.mjs"), [JSON.stringify(config)], { execArgv: ["--expose-gc"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let answer;
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.on("message", (message) => (answer = message));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(answer ?? { ok: false, error: `child exited with ${signal ?? code} and no figures` });
    });
  });
}

function label(c) {
  const parameters = {
    W1: () => `${c.latencyMs}ms N=${c.n}`,
    W2: () => `${c.variant} N=${c.n}`,
    W3: () => `${c.latencyMs}ms`,
    W4: () => `${c.latencyMs}ms`,
    W5: () => (c.kind === "bundle" ? "bundle" : `import${c.withClient ? " with client" : ""}`),
    W6: () => `${c.path} ×${c.executions}`,
  }[c.workload]();
  return `${c.workload} ${c.mode ? `durable-rx ${c.mode}` : c.sdk} ${parameters}`;
}

/** Every word of `pattern` is a word of `text`: "10ms N=1000" does not pick N=10000. */
function matches(text, pattern) {
  const words = new Set(text.split(" "));
  return pattern.split(" ").every((word) => !word || words.has(word));
}

/** The headline figure of one configuration, for the progress line. */
function headline(c, s) {
  switch (c.workload) {
    case "W1":
      return `${s.msPerStep.median.toFixed(3)} ms/step, ${s.checkpoints.median} requests`;
    case "W2":
      return `${s.usPerOp.median.toFixed(1)} µs/op, peak heap ${(s.memory.peakHeap / 2 ** 20).toFixed(0)} MB`;
    case "W3":
      return `${s.wallMs.median.toFixed(0)} ms, ${s.checkpoints.median} requests`;
    case "W4":
      return `${s.toPendingMs.median.toFixed(1)} ms to PENDING, ${s.resumedMs.median.toFixed(1)} ms resumed`;
    case "W5":
      return c.kind === "bundle" ? `${(s.bundle.external.bytes / 1024).toFixed(1)} KiB minified, client external` : `${s.importMs.median.toFixed(1)} ms`;
    case "W6":
      return `${s.perSecond.median.toFixed(1)} executions/s, p99 ${s.p99Ms.toFixed(0)} ms`;
  }
}

function environment() {
  const pkg = JSON.parse(readFileSync(here("../package.json"), "utf8"));
  let commit = "unknown";
  try {
    const git = (...args) => execFileSync("git", args, { cwd: here(".."), encoding: "utf8" }).trim();
    // The build is of the working tree: say when src/ differs from the commit.
    commit = git("rev-parse", "--short", "HEAD") + (git("status", "--porcelain", "--", "src") ? "+dirty src" : "");
  } catch {
    // Not a git checkout: the report says so.
  }
  const official = JSON.parse(readFileSync(here("../node_modules/@aws/durable-execution-sdk-js/package.json"), "utf8")).version;
  const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(" ");
  return { version: pkg.version, official, loadBefore, commit, node: process.versions.node, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.trim() ?? "?", platform: `${os.platform()} ${os.release()}`, date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC" };
}

/** Replaces what lies between the markers in bench/README.md with the latest tables. */
function updateReadme(tables) {
  const path = here("./README.md");
  const start = "<!-- latest:start -->";
  const end = "<!-- latest:end -->";
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return;
  }
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return;
  writeFileSync(path, `${text.slice(0, from + start.length)}\n${tables}\n${text.slice(to)}`);
}

const started = performance.now();
const env = environment();
const configs = matrix({ quick }).filter(
  (c) => (!only || only.includes(c.workload)) && (!match || match.some((m) => matches(label(c), m))),
);
const results = [];
for (const [index, config] of configs.entries()) {
  const answer = await runChild(config);
  const result = answer.ok
    ? { config, summary: summarise(config, answer), raw: answer }
    : answer.skipped
      ? { config, skipped: answer.skipped }
      : { config, error: answer.error };
  results.push(result);
  const s = result.summary;
  const figure = s ? headline(config, s) : result.skipped ? `skipped: ${result.skipped}` : `FAILED ${result.error.split("\n")[0]}`;
  console.log(`[${index + 1}/${configs.length}] ${label(config)}: ${figure} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
const report = { quick, only, match, env, totalSeconds: (performance.now() - started) / 1000, results };
// A filtered run is a look at a few configurations: it keeps the latest whole run's files.
const filtered = Boolean(only || match);
const name = filtered ? "filtered" : "latest";
mkdirSync(here("./results"), { recursive: true });
writeFileSync(here(`./results/${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(here(`./results/${name}.md`), `# durable-rx bench results\n\n${markdown(report)}`);
if (!filtered) updateReadme(markdown(report, 3));
console.log(`\n${markdown(report)}`);
if (results.some((r) => !r.summary && !r.skipped)) process.exitCode = 1;
