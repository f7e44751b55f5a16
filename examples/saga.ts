// A saga with compensation: book a trip as a series of durable steps; when a later
// step fails for good, undo the earlier ones in reverse order, each undo a durable step
// of its own. The seats are held for 15 minutes between booking and payment, so the
// failure and its compensation happen in a later invocation: replay rebuilds the list
// of compensations from the history, and nothing is booked or cancelled twice.
//
// Run it: npx tsx examples/saga.ts   (the in-process service, virtual time)
import { pathToFileURL } from "node:url";
import { durable, Retry, type DurableContext } from "durable-rx";
import { runToCompletion } from "durable-rx/local";

/** Stand-ins for the services the trip touches; `log` says what really happened, once each. */
export const services = {
  log: [] as string[],
  async bookFlight(trip: Trip) {
    this.log.push(`flight booked to ${trip.to}`);
    return `FL-${trip.to}`;
  },
  async cancelFlight(booking: string) {
    this.log.push(`flight ${booking} cancelled`);
  },
  async bookHotel(trip: Trip) {
    this.log.push(`hotel booked for ${trip.nights} nights`);
    return `HT-${trip.nights}`;
  },
  async cancelHotel(booking: string) {
    this.log.push(`hotel ${booking} cancelled`);
  },
  /** Declines anything over 500. */
  async charge(trip: Trip): Promise<string> {
    if (trip.amount <= 500) {
      this.log.push(`card charged ${trip.amount}`);
      return `PAY-${trip.amount}`;
    }
    this.log.push(`card charge of ${trip.amount} declined`);
    throw new Error(`card declined for ${trip.amount}`);
  },
};

export interface Trip {
  to: string;
  nights: number;
  amount: number;
}

/** The undo of each step that succeeded, newest last; run in reverse when a later step fails. */
class Compensations {
  private readonly undos: Array<{ name: string; undo: () => Promise<unknown> }> = [];
  add(name: string, undo: () => Promise<unknown>): void {
    this.undos.push({ name, undo });
  }
  async run(ctx: DurableContext): Promise<string[]> {
    const done: string[] = [];
    for (const { name, undo } of [...this.undos].reverse()) {
      await ctx.step(name, undo);
      done.push(name);
    }
    return done;
  }
}

export const handler = durable(
  async (trip: Trip, ctx) => {
    const compensations = new Compensations();
    try {
      const flight = await ctx.step("book-flight", () => services.bookFlight(trip));
      compensations.add("cancel-flight", () => services.cancelFlight(flight));
      const hotel = await ctx.step("book-hotel", () => services.bookHotel(trip));
      compensations.add("cancel-hotel", () => services.cancelHotel(hotel));
      await ctx.wait("hold-seats", { minutes: 15 });
      const payment = await ctx.step("charge-card", () => services.charge(trip), { retry: Retry.presets.noRetry });
      return { status: "booked", flight, hotel, payment };
    } catch (error) {
      const undone = await compensations.run(ctx);
      return { status: "rolled back", reason: (error as Error).message, undone };
    }
  },
  { logger: { debug() {}, info() {}, warn: console.warn, error: console.error } },
);

export async function main(): Promise<void> {
  const run = await runToCompletion(handler, { input: { to: "Lisbon", nights: 3, amount: 840 }, clock: "virtual" });
  console.log(`execution ${run.arn}`);
  run.invocations.forEach((invocation, i) => console.log(`  invocation ${i + 1}: ${"status" in invocation ? invocation.status : "THREW"}`));
  console.log("what happened:");
  for (const line of services.log) console.log(`  ${line}`);
  console.log(`status: ${run.status}`);
  console.log(`result: ${run.result}`);
  if (run.status !== "SUCCEEDED") process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
