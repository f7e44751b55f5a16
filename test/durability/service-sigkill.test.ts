import test from "ava";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExecutionRecord } from "../../src/local/engine/index.js";
import { SqliteExecutionStore } from "../../src/local/store/sqlite-store.js";
import { seededRandom } from "../crash/crash-space.js";
import { expectedResult, type BodyLine } from "./fixtures/order-workflow.js";

/**
 * Service durability: a local service on SQLite, running 50 executions at once (steps
 * of both semantics, two waits and a callback each), is SIGKILLed twice mid-flight and
 * restarted on the same file each time; every execution must still finish with its
 * whole result, nothing applied twice, and a consistent history.
 */
const PROGRAM = fileURLToPath(new URL("./fixtures/service-program.ts", import.meta.url));
const EXECUTIONS = 50;
/**
 * When to kill, in service events printed (a run prints about 1,400): the first kill
 * somewhere in the first wave of steps (events 100-350), the second 150-450 events
 * after the restart. Drawn from SWEEP_SEED, so a failing pair can be tried again.
 */
const SEED = Number(process.env.SWEEP_SEED ?? Date.now() % 100_000);
const random = seededRandom(SEED);
const FIRST_KILL = 100 + Math.floor(random() * 250);
const SECOND_KILL = 150 + Math.floor(random() * 300);

interface Life {
  /** Service events it printed. */
  events: number;
  done: boolean;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Runs the program until it exits, or SIGKILLs it once it printed `killAfter` events (at a moment it does not choose). */
function runProgram(db: string, bodyLog: string, killAfter?: number): Promise<Life> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import=tsx", PROGRAM, db, bodyLog, String(EXECUTIONS)], { stdio: ["ignore", "pipe", "pipe"] });
    const life: Life = { events: 0, done: false, signal: null, code: null, stderr: "" };
    let buffered = "";
    let killing = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const message = JSON.parse(line) as { seq?: number; done?: boolean };
        if (message.done) life.done = true;
        else life.events += 1;
      }
      if (killAfter !== undefined && !killing && life.events >= killAfter) {
        killing = true;
        setTimeout(() => child.kill("SIGKILL"), Math.floor(Math.random() * 30));
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (life.stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(Object.assign(life, { code, signal })));
  });
}

const readRecords = (db: string): ExecutionRecord[] => {
  const store = new SqliteExecutionStore(db);
  try {
    return [...store.list()].map(({ arn }) => store.get(arn)!);
  } finally {
    store.close();
  }
};

test("SIGKILLed twice during 50 executions, restarted on the same SQLite file: every execution finishes, nothing lost or applied twice", async (t) => {
  t.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), "durable-rx-sigkill-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, "executions.db");
  const bodyLog = join(dir, "bodies.jsonl");

  // Each program reprints every logged event on start, then goes on.
  t.log(`SWEEP_SEED=${SEED}: kills after ${FIRST_KILL} events, then ${SECOND_KILL} more`);
  const first = await runProgram(db, bodyLog, FIRST_KILL);
  t.is(first.signal, "SIGKILL", first.stderr);
  const second = await runProgram(db, bodyLog, first.events + SECOND_KILL);
  t.is(second.signal, "SIGKILL", second.stderr);
  const last = await runProgram(db, bodyLog);
  t.is(last.code, 0, last.stderr);
  t.true(last.done);

  const records = readRecords(db);
  t.is(records.length, EXECUTIONS, "no execution lost, none started twice");
  const byName = new Map(records.map((record) => [record.name, record]));
  const runs = readFileSync(bodyLog, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as BodyLine);
  let crashedInvocations = 0;
  let interrupted = 0;

  for (let i = 0; i < EXECUTIONS; i++) {
    const record = byName.get(`order-${i}`);
    if (!record) {
      t.fail(`order-${i} is missing`);
      continue;
    }
    const name = record.name;
    t.is(record.status, "SUCCEEDED", `${name}: ${JSON.stringify(record.error)}`);
    t.deepEqual(JSON.parse(record.result ?? "null"), expectedResult(i), `${name}: the whole result`);

    // Each operation started and finished once (steps: once per attempt), in a history
    // numbered without gaps.
    t.deepEqual(
      record.events.map((event) => event.EventId),
      record.events.map((_, n) => n + 1),
      `${name}: history ids`,
    );
    const counts = new Map<string, number>();
    for (const event of record.events) {
      if (!/(Started|Succeeded)$/.test(event.EventType) || event.EventType === "StepStarted") continue;
      const key = `${event.EventType} ${event.Name ?? event.Id ?? ""}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, count] of counts) t.is(count, 1, `${name}: ${key} × ${count}`);
    const steps = record.operations.filter((entry) => entry.op.Type === "STEP" && entry.op.Name !== undefined);
    t.deepEqual(steps.map((entry) => entry.op.Name).sort(), ["charge", "notify", "reserve", "ship"], `${name}: its steps`);
    for (const { op } of record.operations) t.not(op.Status, "FAILED", `${name}: ${op.Type} ${op.Name ?? op.Id}`);

    // At most once per attempt; and no step ran again once its success was stored.
    const mine = runs.filter((run) => run.execution === record.arn);
    const perAttempt = new Map<string, number>();
    for (const run of mine.filter((r) => r.atMostOnce)) {
      const key = `${run.step} attempt ${run.attempt}`;
      perAttempt.set(key, (perAttempt.get(key) ?? 0) + 1);
    }
    for (const [key, count] of perAttempt) t.is(count, 1, `${name}: at-most-once ${key} ran ${count} times`);
    interrupted += [...perAttempt.keys()].filter((key) => !key.endsWith("attempt 1")).length;
    for (const run of mine) t.not(run.stored, "SUCCEEDED", `${name}: ${run.step} ran although its success was stored`);

    // Invocations that died with a service are recorded as such, and only those threw.
    for (const invocation of record.invocations.filter((inv) => inv.outcome === "THREW")) {
      t.is(invocation.error?.ErrorType, "Runtime.ExitError", `${name}: ${JSON.stringify(invocation.error)}`);
      crashedInvocations += 1;
    }
  }
  t.log(
    `${EXECUTIONS} executions, 2 SIGKILLs (after ${first.events} and ${second.events} service events), ${runs.length} body runs ` +
      `(${runs.length - 4 * EXECUTIONS} more than one per step; ${interrupted} at-most-once steps went on to a second attempt ` +
      `after a kill interrupted the first), ` +
      `${crashedInvocations} invocations cut off by a kill and run again; every execution finished with its whole result`,
  );
});
