// An order, in the reactive style: validate it, charge the card (retried when the
// payment gateway is busy), wait five seconds for the customer to change their mind,
// then ship. The handler returns an Observable of the order's progress: each stage
// emits an update, and the last one ("shipped") is the execution's result.
//
// The step bodies come from `deps`, so a test can swap the real services for `cold()`
// stand-ins and draw the whole execution as a marble diagram over service time:
// `(ab) 5s (c|)` is validated and charged at once, shipped five seconds later
// (test/examples/reactive-order.test.ts).
//
// Run it: npx tsx examples/reactive-order.ts   (the in-process service, virtual time)
import { pathToFileURL } from "node:url";
import { concat, concatMap, defer, map, of, startWith, throwError, type Observable } from "rxjs";
import { durable, Retry, type DurableContext } from "durable-rx";
import { runToCompletion } from "durable-rx/local";

export interface Order {
  id: string;
  items: Array<{ sku: string; price: number; quantity: number }>;
}

export type OrderUpdate =
  | { stage: "validated"; total: number }
  | { stage: "charged"; total: number; paymentId: string }
  | { stage: "shipped"; total: number; paymentId: string; trackingId: string };

/** What the workflow does outside itself. Each call returns an Observable, so a marble test can give it a duration. */
export interface OrderServices {
  /** The order's total, or an error when the order cannot be fulfilled. */
  validate(order: Order): Observable<number>;
  /** Charges the total and answers the payment id; `attempt` counts from 1. */
  charge(order: Order, total: number, attempt: number): Observable<string>;
  /** Books the shipment and answers the tracking id. */
  ship(order: Order, paymentId: string): Observable<string>;
}

/** The gateway can be busy for a moment: try three times, two seconds apart. */
export const chargeRetry = Retry.fixed({ maxAttempts: 3, delay: { seconds: 2 } });

export function orderWorkflow(services: OrderServices) {
  return (order: Order, ctx: DurableContext): Observable<OrderUpdate> =>
    // An order that is not valid now will not be valid on a second try: no retries.
    ctx.step("validate", () => services.validate(order), { retry: Retry.presets.noRetry }).pipe(
      concatMap((total) =>
        ctx.step("charge", ({ attempt }) => services.charge(order, total, attempt), { retry: chargeRetry }).pipe(
          concatMap((paymentId) =>
            concat(
              of<OrderUpdate>({ stage: "charged", total, paymentId }),
              // The function suspends here; the next invocation replays the steps above and goes on.
              // Ship is created only once the wait is over, so no invocation makes an operation it never runs.
              ctx.wait("cool-off", { seconds: 5 }).pipe(
                concatMap(() => ctx.step("ship", () => services.ship(order, paymentId))),
                map((trackingId): OrderUpdate => ({ stage: "shipped", total, paymentId, trackingId })),
              ),
            ),
          ),
          startWith<OrderUpdate>({ stage: "validated", total }),
        ),
      ),
    );
}

/** How many times the stand-in gateway was called, across every invocation. */
export const gatewayCalls = { charge: 0 };

/** Stand-ins for real services (a real one would wrap an HTTP call in `defer(() => from(fetch(...)))`). */
export const demoServices: OrderServices = {
  validate: (order) =>
    defer(() => {
      if (order.items.length === 0) return throwError(() => new Error(`order ${order.id} has no items`));
      return of(order.items.reduce((sum, item) => sum + item.price * item.quantity, 0));
    }),
  // The gateway is busy on the first call: the retry two seconds later goes through.
  charge: (order, total, attempt) =>
    defer(() => {
      gatewayCalls.charge++;
      return attempt === 1 ? throwError(() => new Error("payment gateway busy")) : of(`pay-${order.id}-${total}`);
    }),
  ship: (order, paymentId) => of(`track-${order.id}-${paymentId.length}`),
};

const logger = { debug() {}, info() {}, warn: console.warn, error: console.error };

export const handler = durable(orderWorkflow(demoServices), { logger });

export async function main(): Promise<void> {
  const run = await runToCompletion(handler, { input: { id: "o-42", items: [{ sku: "mug", price: 12, quantity: 2 }] } satisfies Order });
  console.log(`order: ${run.status} after ${run.invocations.length} invocations`);
  console.log(`  result: ${run.result}`);
  console.log(`  gateway charge calls: ${gatewayCalls.charge} (the first was busy)`);
  if (run.status !== "SUCCEEDED") process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
