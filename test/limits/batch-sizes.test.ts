import test from "ava";
import { runLive } from "../helpers/live.js";

/**
 * A checkpoint request carries at most 250 updates and about 750 KiB (PROTOCOL.md §8):
 * the SDK splits what it has queued, whatever the workflow does, and an update larger
 * than that on its own travels alone.
 */

const KiB = 1024;
const requestBytes = (updates: unknown[]) => Buffer.byteLength(JSON.stringify(updates), "utf8");

for (const mode of ["eager", "batched", "optimistic"] as const) {
  test(`${mode}: 600 concurrent steps go out in requests of at most 250 updates`, async (t) => {
    const live = await runLive(async (_event, ctx) => {
      const results = await ctx.all(Array.from({ length: 600 }, (_, i) => ctx.step(`s${i}`, () => i)));
      return results.length;
    }, { mode });
    t.is(live.result, 600);
    const sizes = live.client.checkpoints.map((updates) => updates.length);
    t.true(Math.max(...sizes) <= 250, `largest request: ${Math.max(...sizes)} updates`);
    t.true(sizes.some((n) => n === 250), "the queue filled at least one request");
  });
}

test("large results are split by bytes: no request over 768,000 estimated bytes unless it holds one update alone", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const big = (label: string, kib: number) => ctx.step(label, () => label.padEnd(kib * KiB, "x"));
    const values = await ctx.all([big("a", 300), big("b", 300), big("c", 300), big("d", 900), big("e", 10)]);
    return values.map((value) => value.length);
  });
  t.deepEqual(live.result, [300 * KiB, 300 * KiB, 300 * KiB, 900 * KiB, 10 * KiB]);
  for (const updates of live.client.checkpoints) {
    const bytes = requestBytes(updates);
    if (bytes > 768_000) t.is(updates.filter((u) => u.Payload !== undefined).length, 1, `a request of ${bytes} bytes holds more than the one large update`);
  }
  const alone = live.client.checkpoints.find((updates) => updates.some((u) => u.Name === "d" && u.Action === "SUCCEED"))!;
  t.deepEqual(alone.filter((u) => u.Action === "SUCCEED").map((u) => u.Name), ["d"], "the 900 KiB result went alone");
});
