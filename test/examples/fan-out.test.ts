// Runs examples/fan-out.ts against the built package (npm run build first).
import test from "ava";
import { resized, runAlbum, runScores } from "../../examples/fan-out.js";

test("an album: every image resized once, four at a time; the corrupt one fails only its item; the replay after the wait resizes nothing", async (t) => {
  const images = ["a.png", "b.png", "c.corrupt", "d.png", "e.png"];
  const run = await runAlbum({ id: "t-album", images });
  t.is(run.status, "SUCCEEDED");
  t.deepEqual(run.invocations.map((i) => ("status" in i ? i.status : "THREW")), ["PENDING", "SUCCEEDED"]);
  t.deepEqual(JSON.parse(run.result!), {
    album: "t-album",
    made: ["a.thumb.jpg", "b.thumb.jpg", "d.thumb.jpg", "e.thumb.jpg"],
    failed: [{ item: "thumbnail c.corrupt", error: "cannot decode c.corrupt" }],
    status: "FAILED",
    completionReason: "ALL_COMPLETED",
  });
  t.deepEqual(images.map((image) => resized.get(image)), [1, 1, 1, 1, 1]);
  const events = run.engine.getHistory(run.arn).Events;
  const items = events.filter((e) => e.EventType === "ContextStarted" && e.SubType === "MapIteration").map((e) => e.Name);
  t.deepEqual(items, images.map((image) => `thumbnail ${image}`), "items start in input order");
  t.is(events.filter((e) => e.EventType === "ContextSucceeded" && e.Name === "thumbnails").length, 1, "the map itself succeeds");
});

test("a large fan-out: the same result nested and flat, with half the operations flat", async (t) => {
  const nested = await runScores(500, "nested");
  const flat = await runScores(500, "flat");
  t.is(nested.run.status, "SUCCEEDED");
  t.is(flat.run.status, "SUCCEEDED");
  t.is(flat.run.result, nested.run.result);
  // EXECUTION + map + per item: a CONTEXT and a STEP nested, the STEP alone flat.
  t.is(nested.operations, 2 + 2 * 500);
  t.is(flat.operations, 2 + 500);
});
