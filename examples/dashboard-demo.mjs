// An expense claim to watch on the dashboard, in real time:
//   validate → check the receipts (a flaky step, retried 1 s later) → notify two
//   channels (a map: one child context each) → ask a manager (a callback) → a short
//   cool-off (a wait) → pay.
//
// Start the local service with its dashboard (build the package first):
//   npm run build && node dist/cli.js dev examples/dashboard-demo.mjs
// then open the printed dashboard URL, start an execution from the page (input such as
// {"id":"exp-7","amount":120}), and answer the manager's callback with "Succeed".
import { durable, Retry } from "durable-rx";

export const handler = durable(
  async (claim, ctx) => {
    const amount = await ctx.step("validate", () => {
      if (!(claim.amount > 0)) throw new Error(`amount must be positive, got ${claim.amount}`);
      return claim.amount;
    });
    ctx.progress({ done: 1, total: 5 });

    // The receipt service is busy on the first attempt of every claim.
    const receipts = await ctx.step(
      "check-receipts",
      ({ attempt }) => {
        if (attempt === 1) throw new Error("receipt service busy, try again");
        return { checked: 2 };
      },
      { retry: Retry.fixed({ maxAttempts: 3, delay: { seconds: 1 } }) },
    );
    ctx.progress({ done: 2, total: 5 });

    const notified = await ctx.map("notify", ["email", "chat"], (channel, to) => channel.step(`send-${to}`, () => `${to}: claim ${claim.id} waits for approval`));
    ctx.progress({ done: 3, total: 5 });

    const approved = await ctx.waitForCallback(
      "manager-approval",
      (callbackId, { logger }) => logger.info("approval requested", { callbackId, amount }),
      { timeout: { hours: 1 } },
    );
    ctx.progress({ done: 4, total: 5 });
    if (approved !== true) return { id: claim.id, status: "rejected", answer: approved };

    await ctx.wait("cool-off", { seconds: 2 });
    const payment = await ctx.step("pay", () => `pay-${claim.id}`);
    ctx.progress({ done: 5, total: 5 });
    return { id: claim.id, status: "paid", amount, receipts, notified: notified.successCount, payment };
  },
  { logger: { debug() {}, info() {}, warn: console.warn, error: console.error } },
);
