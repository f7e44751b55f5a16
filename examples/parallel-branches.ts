// Parallel branches with a completion policy: ask three carriers for a shipping quote
// at once and book the cheapest of the first two that answer. The branches are a
// record, so the result is typed per carrier. `CompletionConfig.minSuccessful(2)`
// completes the parallel as soon as two quotes are in; a carrier that is down fails
// only its branch. DHL answers through a queue that takes an hour: when it is needed
// (another carrier is down), the function suspends for that hour and costs nothing;
// when it is not, its branch is still running when the parallel completes, and its
// later work is dropped (its status in the result is STARTED).
//
// Run it: npx tsx examples/parallel-branches.ts   (the in-process service, virtual time)
import { pathToFileURL } from "node:url";
import { CompletionConfig, durable, Retry } from "durable-rx";
import { runToCompletion } from "durable-rx/local";

export interface Parcel {
  id: string;
  weightKg: number;
  /** Carriers whose quoting service fails, for the demonstration. */
  down?: string[];
}

interface Quote {
  carrier: string;
  price: number;
}

const RATES: Record<string, number> = { ups: 4.1, dhl: 3.2, fedex: 3.9 };

async function quote(carrier: string, parcel: Parcel): Promise<Quote> {
  if (parcel.down?.includes(carrier)) throw new Error(`${carrier} quoting service unavailable`);
  return { carrier, price: Math.round(RATES[carrier] * parcel.weightKg * 100) / 100 };
}

export const handler = durable(async (parcel: Parcel, ctx) => {
  const once = { retry: Retry.presets.noRetry };
  const quotes = await ctx.parallel(
    "quotes",
    {
      ups: (c) => c.step("ask-ups", () => quote("ups", parcel), once),
      dhl: async (c) => {
        await c.wait("dhl-queue", { hours: 1 });
        return c.step("ask-dhl", () => quote("dhl", parcel), once);
      },
      fedex: (c) => c.step("ask-fedex", () => quote("fedex", parcel), once),
    },
    { completion: CompletionConfig.minSuccessful(2) },
  );
  const statuses = Object.fromEntries(quotes.keys.map((key) => [key, quotes.get(key)?.status ?? "NOT_STARTED"]));
  const offers = quotes.results();
  if (offers.length === 0) {
    // Every carrier failed: fail the execution with the first carrier's error.
    quotes.throwIfError();
  }
  const best = offers.reduce((a, b) => (b.price < a.price ? b : a));
  const booking = await ctx.step("book", () => `${best.carrier.toUpperCase()}-${parcel.id}`);
  return { parcel: parcel.id, booking, price: best.price, completionReason: quotes.completionReason, statuses };
}, { logger: { debug() {}, info() {}, warn: console.warn, error: console.error } });

export async function runShipment(parcel: Parcel) {
  return runToCompletion(handler, { input: parcel });
}

export async function main(): Promise<void> {
  const parcels: Parcel[] = [
    { id: "p-1", weightKg: 2 },
    { id: "p-2", weightKg: 5, down: ["fedex"] },
    { id: "p-3", weightKg: 1, down: ["ups", "dhl", "fedex"] },
  ];
  for (const parcel of parcels) {
    const run = await runShipment(parcel);
    const invocations = run.invocations.map((i) => ("status" in i ? i.status : "THREW")).join(", ");
    console.log(`${parcel.id} (${parcel.down?.length ? `down: ${parcel.down.join(", ")}` : "every carrier up"})`);
    console.log(`  invocations: ${invocations}`);
    console.log(`  ${run.status}: ${run.result ?? run.error?.ErrorMessage}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
