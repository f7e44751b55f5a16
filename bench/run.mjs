// Runs the bench: every configuration of matrix.mjs in a fresh child process, one at a
// time (two cores: a second process would measure contention), then writes
// bench/results/latest.{json,md} and the table in bench/README.md.
//
//   node bench/run.mjs [--quick] [--only=W1|W2]      (after `npm run build`)
import { execFileSync, fork } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { matrix } from "./matrix.mjs";
import { markdown, summarise } from "./report.mjs";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const quick = process.argv.includes("--quick");
const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
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
  return c.workload === "W1" ? `W1 ${c.mode} ${c.latencyMs}ms N=${c.n}` : `W2 ${c.variant} N=${c.n}`;
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
  return { version: pkg.version, commit, node: process.versions.node, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.trim() ?? "?", platform: `${os.platform()} ${os.release()}`, date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC" };
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
const configs = matrix({ quick }).filter((c) => !only || c.workload === only);
const results = [];
for (const [index, config] of configs.entries()) {
  const answer = await runChild(config);
  const result = answer.ok ? { config, summary: summarise(config, answer), raw: answer } : { config, error: answer.error };
  results.push(result);
  const s = result.summary;
  const figure = !s ? `FAILED ${result.error.split("\n")[0]}` : config.workload === "W1" ? `${s.msPerStep.median.toFixed(3)} ms/step, ${s.checkpoints.median} requests` : `${s.usPerOp.median.toFixed(1)} µs/op`;
  console.log(`[${index + 1}/${configs.length}] ${label(config)}: ${figure} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
const report = { quick, env: environment(), totalSeconds: (performance.now() - started) / 1000, results };
mkdirSync(here("./results"), { recursive: true });
writeFileSync(here("./results/latest.json"), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(here("./results/latest.md"), `# durable-rx bench results\n\n${markdown(report)}`);
updateReadme(markdown(report, 3));
console.log(`\n${markdown(report)}`);
if (results.some((r) => !r.summary)) process.exitCode = 1;
