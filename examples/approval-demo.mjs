// An expense approval, end to end on the local durable-execution service:
//   validate → reserve budget (a flaky step, retried) → ask a manager (a callback)
//   → cool off for a day (a wait) → pay.
//
// Run it with the CLI (it builds the package first):
//   npm run demo
// which is:
//   node dist/cli.js run examples/approval-demo.mjs --succeed-callbacks true
// (the input defaults to {"id":"exp-7","amount":120}; pass another with --input JSON).
// Time is virtual, so the retry delay and the day-long wait pass at once. Nobody is
// there to approve, so --succeed-callbacks answers the callback with `true` as soon as
// it starts, through the service's Lambda API (the call a manager's "approve" link
// would make). Without that flag the run stops at the callback and prints the command
// that answers it:
//   durable-rx callback succeed <callbackId> true --endpoint <the endpoint run prints>
// which works while the run waits with --real-time, or against `durable-rx dev`
// (real time there too: the cool-off then takes a day).
import { durable, Retry } from "durable-rx";

export const handler = durable(
  async (input, ctx) => {
    const request = { id: "exp-7", amount: 120, ...input };
    const amount = await ctx.step("validate", () => {
      if (!(request.amount > 0)) throw new Error(`amount must be positive, got ${request.amount}`);
      return request.amount;
    });

    // The budget service is busy on the first attempt; the step is retried 5 s later.
    const reservation = await ctx.step(
      "reserve-budget",
      ({ attempt }) => {
        if (attempt === 1) throw new Error("budget service busy, try again");
        return `res-${request.id}`;
      },
      { retry: Retry.fixed({ maxAttempts: 3, delay: { seconds: 5 } }) },
    );

    // The submitter hands the callback id to whoever approves (an e-mail with a link, in
    // real life); the execution suspends until the answer arrives or a week has passed.
    const approved = await ctx.waitForCallback(
      "manager-approval",
      (callbackId, { logger }) => logger.info("approval requested", { callbackId, amount }),
      { timeout: { days: 7 } },
    );
    if (approved !== true) return { id: request.id, status: "rejected" };

    await ctx.wait("cool-off", { days: 1 });
    const payment = await ctx.step("pay", () => `pay-${request.id}`);
    return { id: request.id, status: "paid", amount, reservation, payment };
  },
  { logger: { debug() {}, info() {}, warn: console.warn, error: console.error } },
);
