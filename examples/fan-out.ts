// Fan-out with ctx.map: make a thumbnail of every image of an album, four at a time.
// Each image is an item of its own (a child context with its own step), so one corrupt
// image fails only its item: the map completes with a BatchResult listing what
// succeeded and what failed, and the workflow decides what to do with it. After the
// map the workflow waits five minutes (the function suspends); the next invocation
// replays the map from its stored result and resizes nothing again.
//
// A second workflow scores 2,000 items with `nesting: "flat"`: the items' steps hang
// directly under the map, without a CONTEXT per item, which halves the operations the
// history keeps (docs/decisions/0022-flat-batch-nesting.md).
//
// Run it: npx tsx examples/fan-out.ts   (the in-process service, virtual time)
import { pathToFileURL } from "node:url";
import { CompletionConfig, durable, Retry } from "durable-rx";
import { runToCompletion } from "durable-rx/local";

export interface Album {
  id: string;
  images: string[];
}

const logger = { debug() {}, info() {}, warn: console.warn, error: console.error };

/** How many times each image was resized, across every invocation. */
export const resized = new Map<string, number>();

/** Stands in for real image work: a `.corrupt` file cannot be decoded. */
async function resize(image: string): Promise<string> {
  resized.set(image, (resized.get(image) ?? 0) + 1);
  if (image.endsWith(".corrupt")) throw new Error(`cannot decode ${image}`);
  return image.replace(/\.\w+$/, ".thumb.jpg");
}

export const thumbnails = durable(async (album: Album, ctx) => {
  // A corrupt file will not decode on a second try: no retries.
  const resizeOnce = { retry: Retry.presets.noRetry };
  const batch = await ctx.map("thumbnails", album.images, (child, image) => child.step("resize", () => resize(image), resizeOnce), {
    maxConcurrency: 4,
    // Resize every image whatever fails; the default would stop at the first failure.
    completion: CompletionConfig.allCompleted(),
    itemName: (image) => `thumbnail ${image}`,
  });
  await ctx.wait("let-the-cdn-settle", { minutes: 5 });
  return {
    album: album.id,
    made: batch.results(),
    failed: batch.failed().map((item) => ({ item: item.name, error: item.error.message })),
    status: batch.status,
    completionReason: batch.completionReason,
  };
}, { logger });

export const scores = durable(async (job: { count: number; nesting: "nested" | "flat" }, ctx) => {
  const items = Array.from({ length: job.count }, (_, i) => i);
  const batch = await ctx.map("score", items, (child, i) => child.step(() => (i * 7) % 10), { maxConcurrency: 100, nesting: job.nesting });
  return batch.results().reduce((sum, score) => sum + score, 0);
}, { logger });

export async function runAlbum(album: Album) {
  return runToCompletion(thumbnails, { input: album });
}

export async function runScores(count: number, nesting: "nested" | "flat") {
  const run = await runToCompletion(scores, { input: { count, nesting } });
  return { run, operations: run.engine.getRecord(run.arn)!.operations.length };
}

export async function main(): Promise<void> {
  const run = await runAlbum({ id: "holiday", images: ["beach.png", "hotel.png", "sunset.corrupt", "boat.png", "dinner.png", "dog.png"] });
  console.log(`album: ${run.status} after ${run.invocations.length} invocations`);
  console.log(`  ${run.result}`);
  console.log(`  each image resized once: ${[...resized.values()].every((n) => n === 1)}`);
  if (run.status !== "SUCCEEDED") process.exitCode = 1;

  for (const nesting of ["nested", "flat"] as const) {
    const { run: scored, operations } = await runScores(2000, nesting);
    console.log(`2,000 items, ${nesting}: ${scored.status}, sum ${scored.result}, ${operations} operations in the history`);
    if (scored.status !== "SUCCEEDED") process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
