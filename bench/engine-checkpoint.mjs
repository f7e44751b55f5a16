// Micro-benchmark of the service engine alone: the cost of one CheckpointDurableExecution
// (a STEP START + SUCCEED, with a ClientToken, as the SDK sends in eager mode) on an
// execution whose history holds about H operations. The cost must not grow with H.
//
//   npm run build && node bench/engine-checkpoint.mjs [--sqlite] [--sizes=1000,10000,25000] [--checkpoints=200]
//
// The history is filled so that it holds H operations when the last measured checkpoint
// is in (the engine refuses more than 25,000): the measured checkpoints are its last
// 5 × `checkpoints` operations. Prints one line per size: µs per checkpoint, median of
// 5 rounds (min–max).
// `--sqlite` runs on the SQLite store in a temporary file instead of the memory store.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as local from "durable-rx/local";

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;
const sizes = arg("sizes", "1000,10000,25000").split(",").map(Number);
const perRound = Number(arg("checkpoints", "200"));
const sqlite = process.argv.includes("--sqlite");
const ROUNDS = 5;
const T0 = Date.UTC(2025, 0, 1);

const step = (id, action, payload) => ({ Id: id, Type: "STEP", SubType: "Step", Action: action, Payload: payload });

function openEngine(dir) {
  if (!sqlite) return new local.DurableEngine();
  return new local.DurableEngine({ store: local.openStore({ sqlite: join(dir, "bench.db") }) });
}

function measure(history) {
  const dir = mkdtempSync(join(tmpdir(), "engine-bench-"));
  const engine = openEngine(dir);
  try {
    const { arn } = engine.startExecution({ functionName: "bench" }, T0);
    let token = engine.beginInvocation(arn, T0).event.CheckpointToken;
    const checkpoint = (updates) => {
      const out = engine.checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: updates, ClientToken: randomUUID() }, T0);
      token = out.CheckpointToken;
    };
    // A wait far in the future, so there is always a timer pending, as in a real workflow.
    checkpoint([{ Id: "w", Type: "WAIT", SubType: "Wait", Action: "START", WaitOptions: { WaitSeconds: 86_400 } }]);
    // The EXECUTION operation, the wait and the measured steps make up the rest.
    const fill = Math.max(0, history - 2 - ROUNDS * perRound);
    for (let i = 0; i < fill; i += 250) {
      const batch = [];
      for (let j = i; j < Math.min(fill, i + 250); j++) batch.push(step(`h${j}`, "START"), step(`h${j}`, "SUCCEED", String(j)));
      checkpoint(batch);
    }
    const rounds = [];
    let n = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      for (let i = 0; i < perRound; i++, n++) checkpoint([step(`m${n}`, "START"), step(`m${n}`, "SUCCEED", String(n))]);
      rounds.push(((performance.now() - started) * 1000) / perRound);
    }
    return rounds.sort((a, b) => a - b);
  } finally {
    engine.store.close?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`engine.checkpoint, ${sqlite ? "SQLite" : "memory"} store, ${perRound} checkpoints per round, ${ROUNDS} rounds`);
for (const history of sizes) {
  const rounds = measure(history);
  const fmt = (us) => us.toFixed(1);
  console.log(`history ${String(history).padStart(6)}: ${fmt(rounds[2])} µs per checkpoint (${fmt(rounds[0])}–${fmt(rounds[ROUNDS - 1])})`);
}
