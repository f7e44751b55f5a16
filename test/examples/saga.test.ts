// The example imports "durable-rx" by name (dist/), so it runs on the same copy's
// in-process service: `npm run build` first.
import test from "ava";
import { DurableEngine, InProcessLambdaClient, runToCompletion, VirtualClock } from "durable-rx/local";
import { handler, services } from "../../examples/saga.js";
import { RecordingClient } from "../helpers/recording-client.js";

async function book(amount: number) {
  services.log.length = 0;
  const engine = new DurableEngine();
  const clock = new VirtualClock();
  const client = new RecordingClient(new InProcessLambdaClient(engine, { clock: clock.now }));
  const run = await runToCompletion(handler, { input: { to: "Lisbon", nights: 3, amount }, engine, client, clock });
  return { run, client, result: JSON.parse(run.result!) };
}

test.serial("saga: a declined payment undoes the bookings in reverse order, each side effect exactly once", async (t) => {
  const { run, client, result } = await book(840);
  t.is(run.status, "SUCCEEDED");
  t.deepEqual(result, { status: "rolled back", reason: "card declined for 840", undone: ["cancel-hotel", "cancel-flight"] });
  t.deepEqual(services.log, [
    "flight booked to Lisbon",
    "hotel booked for 3 nights",
    "card charge of 840 declined",
    "hotel HT-3 cancelled",
    "flight FL-Lisbon cancelled",
  ]);
  // The failure and its compensation happen in the second invocation, which replays the bookings.
  t.deepEqual(run.invocations.map((i) => ("status" in i ? i.status : "THREW")), ["PENDING", "SUCCEEDED"]);
  t.deepEqual(client.actions, [
    "START STEP book-flight",
    "SUCCEED STEP book-flight",
    "START STEP book-hotel",
    "SUCCEED STEP book-hotel",
    "START WAIT hold-seats",
    "START STEP charge-card",
    "FAIL STEP charge-card",
    "START STEP cancel-hotel",
    "SUCCEED STEP cancel-hotel",
    "START STEP cancel-flight",
    "SUCCEED STEP cancel-flight",
  ]);
});

test.serial("saga: a payment that goes through books the trip and undoes nothing", async (t) => {
  const { result } = await book(300);
  t.deepEqual(result, { status: "booked", flight: "FL-Lisbon", hotel: "HT-3", payment: "PAY-300" });
  t.false(services.log.some((line) => line.includes("cancelled")));
});
