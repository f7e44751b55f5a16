// A workflow with a bug that only shows when Lambda runs an invocation in a new sandbox:
// the running total lives in a module variable, so an invocation that replays the
// steps (their bodies do not run again) starts from 0. In one warm process every
// invocation shares the variable and the bug stays hidden.
import { durable, type DurableContext } from "../../../src/index.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

let runningTotal = 0;

export const handler = durable(
  async (event: { amounts: number[] }, ctx: DurableContext) => {
    for (const [i, amount] of event.amounts.entries()) {
      await ctx.step(`add-${i}`, () => {
        runningTotal += amount;
        return amount;
      });
      // Each pause ends the invocation; the next one replays everything before it.
      await ctx.wait(`pause-${i}`, { seconds: 1 });
    }
    return { total: runningTotal };
  },
  { logger: quiet, dev: false },
);

/** The fix: the total comes from the steps' checkpointed results, replayed in every invocation. */
export const fixed = durable(
  async (event: { amounts: number[] }, ctx: DurableContext) => {
    let total = 0;
    for (const [i, amount] of event.amounts.entries()) {
      total += await ctx.step(`add-${i}`, () => amount);
      await ctx.wait(`pause-${i}`, { seconds: 1 });
    }
    return { total };
  },
  { logger: quiet, dev: false },
);
