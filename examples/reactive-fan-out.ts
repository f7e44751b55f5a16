// Fan-out in the reactive style: ask every supplier for a quote with ctx.map, two at a
// time, then order from the cheapest. Each supplier is an item of its own (a child
// context with a "quote" step whose body is an Observable), so a supplier that is down
// fails only its item: the map completes when every supplier has answered or failed,
// and the workflow picks from those that answered. It emits two values: the quotes
// when the map completes, then the placed order (its result).
//
// The service calls come from `deps`, so a marble test can give each supplier a
// duration with `cold()` and see the concurrency limit in the diagram: with two at a
// time, a 3 s, a 1 s and a 1 s supplier are done at 3 s, the third starting at 1 s
// (test/examples/reactive-fan-out.test.ts).
//
// Run it: npx tsx examples/reactive-fan-out.ts   (the in-process service, virtual time)
import { pathToFileURL } from "node:url";
import { concat, concatMap, defer, map, of, throwError, type Observable } from "rxjs";
import { CompletionConfig, durable, Retry, type BatchResult, type DurableContext } from "durable-rx";
import { runToCompletion } from "durable-rx/local";

export interface PurchaseRequest {
  part: string;
  quantity: number;
  suppliers: string[];
}

export interface Quote {
  supplier: string;
  price: number;
}

export type PurchaseUpdate =
  | { stage: "quoted"; quotes: Quote[]; unavailable: string[] }
  | { stage: "ordered"; supplier: string; price: number; orderId: string };

export interface PurchaseServices {
  /** A supplier's unit price for the part, or an error when the supplier is down. */
  quote(supplier: string, part: string, quantity: number): Observable<number>;
  /** Places the order and answers its id. */
  order(quote: Quote, part: string, quantity: number): Observable<string>;
}

/** How many suppliers are asked at once. */
export const QUOTES_AT_ONCE = 2;

/** Cheapest first; a tie goes to the supplier listed first. */
function cheapest(batch: BatchResult<Quote>): Quote | undefined {
  return batch.results().reduce<Quote | undefined>((best, quote) => (best === undefined || quote.price < best.price ? quote : best), undefined);
}

export function purchaseWorkflow(services: PurchaseServices) {
  return (request: PurchaseRequest, ctx: DurableContext): Observable<PurchaseUpdate> =>
    ctx
      .map(
        "quotes",
        request.suppliers,
        // A quote is cheap to skip: a supplier that is down now is left out, not retried.
        (child, supplier) =>
          child.step("quote", () => services.quote(supplier, request.part, request.quantity), { retry: Retry.presets.noRetry }).pipe(map((price) => ({ supplier, price }))),
        { maxConcurrency: QUOTES_AT_ONCE, completion: CompletionConfig.allCompleted(), itemName: (supplier) => supplier },
      )
      .pipe(
        concatMap((batch) => {
          const best = cheapest(batch);
          if (best === undefined) return throwError(() => new Error(`no supplier quoted for ${request.part}: ${batch.errors().map((e) => e.message).join("; ")}`));
          const quoted: PurchaseUpdate = { stage: "quoted", quotes: batch.results(), unavailable: batch.failed().map((item) => item.name) };
          const ordered = ctx
            .step("order", () => services.order(best, request.part, request.quantity))
            .pipe(map((orderId): PurchaseUpdate => ({ stage: "ordered", supplier: best.supplier, price: best.price, orderId })));
          return concat(of(quoted), ordered);
        }),
      );
}

/** How many times each supplier was asked, across every invocation. */
export const quoteCalls = new Map<string, number>();

/** Stand-ins for the suppliers' APIs: "offline-*" suppliers are down, the others price by name. */
export const demoServices: PurchaseServices = {
  quote: (supplier, part, quantity) =>
    defer(() => {
      quoteCalls.set(supplier, (quoteCalls.get(supplier) ?? 0) + 1);
      if (supplier.startsWith("offline")) return throwError(() => new Error(`${supplier} is down`));
      return of(((supplier.length * 7 + part.length) % 10) + quantity / 100);
    }),
  order: (quote, part, quantity) => of(`po-${quote.supplier}-${part}-${quantity}`),
};

const logger = { debug() {}, info() {}, warn: console.warn, error: console.error };

export const handler = durable(purchaseWorkflow(demoServices), { logger });

export async function main(): Promise<void> {
  const run = await runToCompletion(handler, { input: { part: "m6-bolt", quantity: 500, suppliers: ["acme", "bolt-co", "offline-fasteners", "cargo"] } satisfies PurchaseRequest });
  console.log(`purchase: ${run.status} after ${run.invocations.length} invocation(s)`);
  console.log(`  result: ${run.result}`);
  console.log(`  each supplier asked once: ${[...quoteCalls.values()].every((n) => n === 1)}`);
  if (run.status !== "SUCCEEDED") process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
