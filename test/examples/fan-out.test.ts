// examples/fan-out.ts on LocalTestRunner. The example imports "durable-rx" by name
// (dist/), so the runner comes from the same copy: `npm run build` first.
import test from "ava";
import { LocalTestRunner } from "durable-rx/testing";
import { resized, scores, thumbnails } from "../../examples/fan-out.js";

test("an album: every image resized once, four at a time; the corrupt one fails only its item; the replay after the wait resizes nothing", async (t) => {
  const images = ["a.png", "b.png", "c.corrupt", "d.png", "e.png"];
  const result = await new LocalTestRunner({ handler: thumbnails }).run({ input: { id: "t-album", images } });
  t.is(result.status, "SUCCEEDED");
  t.deepEqual(result.invocations.map((i) => i.outcome), ["PENDING", "SUCCEEDED"]);
  t.deepEqual(result.result, {
    album: "t-album",
    made: ["a.thumb.jpg", "b.thumb.jpg", "d.thumb.jpg", "e.thumb.jpg"],
    failed: [{ item: "thumbnail c.corrupt", error: "cannot decode c.corrupt" }],
    status: "FAILED",
    completionReason: "ALL_COMPLETED",
  });
  t.deepEqual(images.map((image) => resized.get(image)), [1, 1, 1, 1, 1]);
  const map = result.getOperation("thumbnails");
  t.like(map, { type: "CONTEXT", subType: "Map", status: "SUCCEEDED" });
  t.deepEqual(map.children.map((item) => item.name), images.map((image) => `thumbnail ${image}`), "items start in input order");
  t.deepEqual(map.children.map((item) => item.status), ["SUCCEEDED", "SUCCEEDED", "FAILED", "SUCCEEDED", "SUCCEEDED"]);
  t.like(map.getChild("thumbnail c.corrupt").getChild("resize").error, { ErrorMessage: "cannot decode c.corrupt" });
  t.is(result.history.filter((e) => e.EventType === "ContextSucceeded" && e.Name === "thumbnails").length, 1, "the map itself succeeds once");
});

test("a large fan-out: the same result nested and flat, with half the operations flat", async (t) => {
  const nested = await new LocalTestRunner({ handler: scores }).run({ input: { count: 500, nesting: "nested" } });
  const flat = await new LocalTestRunner({ handler: scores }).run({ input: { count: 500, nesting: "flat" } });
  t.is(nested.status, "SUCCEEDED");
  t.is(flat.status, "SUCCEEDED");
  t.is(flat.rawResult, nested.rawResult);
  // The map, then per item a CONTEXT and a STEP nested, the STEP alone flat.
  t.is(nested.operations.length, 1 + 2 * 500);
  t.is(flat.operations.length, 1 + 500);
  t.is(flat.getOperation("score").children.length, 500);
});
