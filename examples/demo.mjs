// The demo workflow: an order that is validated, charged, left to cool off for an
// hour, then shipped in a child context. It runs on durable-rx's in-process service
// engine with a virtual clock, so the one-hour wait passes at once, and prints every
// invocation: the first suspends at the wait, the second replays and finishes.
import { durable, Retry } from "durable-rx";
import { runToCompletion } from "durable-rx/local";

export const handler = durable(async (order, ctx) => {
  const total = await ctx.step("validate", () => order.items.reduce((sum, item) => sum + item.price, 0));
  const paymentId = await ctx.step(
    "charge",
    ({ attempt }) => {
      // The attempt number comes from the service, so it survives a new Lambda sandbox.
      if (attempt === 1) throw new Error("card network busy"); // the first attempt fails and is retried
      return `pay-${order.id}`;
    },
    { semantics: "at-most-once-per-retry", retry: Retry.fixed({ maxAttempts: 3, delay: { seconds: 2 } }) },
  );
  ctx.logger.info("charged", { paymentId, total });
  await ctx.wait("cool-off", { hours: 1 });
  const tracking = await ctx.runInChildContext("ship", async (shipping) => {
    const label = await shipping.step("label", () => `label-${order.id}`);
    return shipping.step("hand-over", () => `${label}/tracked`);
  });
  return { orderId: order.id, total, paymentId, tracking };
}, { logger: { debug() {}, info() {}, warn: console.warn, error: console.error } });

const input = { id: "o-42", items: [{ price: 12 }, { price: 30 }] };
const run = await runToCompletion(handler, { input, clock: "virtual" });
console.log(`execution ${run.arn}`);
run.invocations.forEach((invocation, i) => console.log(`  invocation ${i + 1}: ${invocation.status ?? "THREW"}`));
console.log(`status: ${run.status}`);
console.log(`result: ${run.result}`);
if (run.status !== "SUCCEEDED") process.exitCode = 1;
