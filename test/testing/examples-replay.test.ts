// Each example's recorded run replays through replayCheck: the examples import the built
// package by name, so this file does too (npm run build first), and nothing the history
// holds is run again (the examples' service stand-ins count every real call).
import test from "ava";
import { historyFromEngine, replayCheck } from "durable-rx/testing";
import { resized, runAlbum, runScores, thumbnails, scores } from "../../examples/fan-out.js";
import { handler as purchase, runPurchase } from "../../examples/human-approval.js";
import { handler as shipment, runShipment } from "../../examples/parallel-branches.js";
import { exportApi, handler as polling } from "../../examples/polling.js";
import { handler as saga, services } from "../../examples/saga.js";
import { runToCompletion } from "durable-rx/local";

type Run = { engine: Parameters<typeof historyFromEngine>[0]; arn: string; invocations: unknown[] };

async function replays(t: { true(v: boolean, m?: string): void; is(a: unknown, b: unknown, m?: string): void }, handler: unknown, run: Run) {
  const history = historyFromEngine(run.engine, run.arn);
  const result = await replayCheck(handler as never, history);
  t.true(result.ok, result.format());
  t.is(result.checked.length, run.invocations.length, "one moment per recorded invocation");
}

test.serial("saga: both endings replay, and no booking or refund happens again", async (t) => {
  for (const amount of [320, 840]) {
    const run = await runToCompletion(saga as never, { input: { to: "Lisbon", nights: 3, amount } });
    const calls = services.log.length;
    await replays(t, saga, run);
    t.is(services.log.length, calls);
  }
});

test.serial("human approval: approved, rejected and timed-out purchases replay", async (t) => {
  for (const answer of [{ approved: true, by: "dana" }, { approved: false, by: "dana" }, undefined]) {
    const run = await runPurchase({ id: `r-${String(answer?.approved)}`, item: "laptop", amount: 900, approver: "dana" }, answer);
    await replays(t, purchase, run);
  }
});

test.serial("fan-out: a map with failed items, and 300 items nested and flat, replay without resizing again", async (t) => {
  const run = await runAlbum({ id: "replayed", images: ["a.png", "b.corrupt", "c.png"] });
  const before = [...resized.values()].reduce((sum, n) => sum + n, 0);
  await replays(t, thumbnails, run);
  t.is([...resized.values()].reduce((sum, n) => sum + n, 0), before);
  for (const nesting of ["nested", "flat"] as const) {
    const { run: scored } = await runScores(300, nesting);
    await replays(t, scores, scored);
  }
});

test.serial("parallel branches: quotes with carriers down replay the same choice", async (t) => {
  for (const parcel of [{ id: "q-1", weightKg: 2 }, { id: "q-2", weightKg: 5, down: ["fedex"] }]) {
    await replays(t, shipment, await runShipment(parcel));
  }
});

test.serial("polling: every checkpointed check replays, and the export API is not called again", async (t) => {
  exportApi.calls = 0;
  const run = await runToCompletion(polling as never, { input: { report: "q3" } });
  const calls = exportApi.calls;
  await replays(t, polling, run);
  t.is(exportApi.calls, calls);
});
