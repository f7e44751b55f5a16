// A purchase that needs a manager's approval: validate the request, create a callback,
// send its id to the approver, and wait, for up to two days, for the answer. While
// nobody has answered, the function is suspended and costs nothing; the service invokes
// it again when the approver clicks "approve" or "reject" (a
// SendDurableExecutionCallbackSuccess call carrying `{"approved": true}`), or when the
// two days are up.
//
// Run it: npx tsx examples/human-approval.ts   (the in-process service, virtual time)
// It runs three purchases: one approved, one rejected, and one nobody answers.
import { pathToFileURL } from "node:url";
import { catchError, of, throwError } from "rxjs";
import { CallbackTimeoutError, durable } from "durable-rx";
import { runToCompletion } from "durable-rx/local";

export interface Purchase {
  id: string;
  item: string;
  amount: number;
  approver: string;
}

/** What the approver answers (the JSON body of the callback). */
export interface Decision {
  approved: boolean;
  by?: string;
  comment?: string;
}

/** Where approval requests go: a stand-in for an e-mail with approve/reject links. */
export const inbox: { purchase: string; approver: string; callbackId: string }[] = [];

export const handler = durable(
  async (purchase: Purchase, ctx) => {
    await ctx.step("validate", () => {
      if (!(purchase.amount > 0)) throw new Error(`amount must be positive, got ${purchase.amount}`);
    });

    // The id is issued by the service: the START is acknowledged before this resolves.
    const { callbackId, result } = await ctx.createCallback<Decision>("manager-approval", { timeout: { days: 2 } });

    // A step, so the request is sent once, not again on every replay.
    await ctx.step("request-approval", ({ logger }) => {
      inbox.push({ purchase: purchase.id, approver: purchase.approver, callbackId });
      logger.info("approval requested", { approver: purchase.approver });
    });

    // Suspends here until the answer arrives; no answer in two days counts as a rejection.
    const decision = await result.pipe(
      catchError((error: unknown) =>
        error instanceof CallbackTimeoutError ? of<Decision>({ approved: false, comment: "no answer within 2 days" }) : throwError(() => error),
      ),
    );
    if (!decision.approved) return { id: purchase.id, status: "rejected", reason: decision.comment ?? `rejected by ${decision.by}` };

    const orderNumber = await ctx.step("place-order", () => `PO-${purchase.id}`);
    return { id: purchase.id, status: "ordered", orderNumber, approvedBy: decision.by };
  },
  { logger: { debug() {}, info() {}, warn: console.warn, error: console.error } },
);

/** Runs one purchase on the in-process service; `answer` plays the approver (undefined: nobody answers). */
export async function runPurchase(purchase: Purchase, answer: Decision | undefined) {
  return runToCompletion(handler, {
    input: purchase,
    // Called each time the execution suspends with nothing due: the approver reads the inbox.
    onSuspended: ({ engine, now }) => {
      const request = inbox.find((r) => r.purchase === purchase.id);
      if (!request || answer === undefined) return;
      inbox.splice(inbox.indexOf(request), 1);
      engine.succeedCallback(request.callbackId, JSON.stringify(answer), now);
    },
  });
}

export async function main(): Promise<void> {
  const scenarios: [Purchase, Decision | undefined][] = [
    [{ id: "p-1", item: "laptop", amount: 1800, approver: "dana" }, { approved: true, by: "dana" }],
    [{ id: "p-2", item: "yacht", amount: 2_000_000, approver: "dana" }, { approved: false, by: "dana", comment: "no" }],
    [{ id: "p-3", item: "chair", amount: 250, approver: "sam" }, undefined],
  ];
  for (const [purchase, answer] of scenarios) {
    const run = await runPurchase(purchase, answer);
    const invocations = run.invocations.map((i) => ("status" in i ? i.status : "THREW")).join(", ");
    console.log(`${purchase.id} (${purchase.item}): answer ${answer ? JSON.stringify(answer) : "none"}`);
    console.log(`  invocations: ${invocations}`);
    console.log(`  ${run.status}: ${run.result}`);
    if (run.status !== "SUCCEEDED") process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
