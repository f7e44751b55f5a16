// examples/saga.ts on LocalTestRunner. The example imports "durable-rx" by name (dist/),
// so the runner comes from the same copy: `npm run build` first.
import test from "ava";
import { LocalTestRunner } from "durable-rx/testing";
import { handler, services } from "../../examples/saga.js";

async function book(amount: number) {
  services.log.length = 0;
  return new LocalTestRunner({ handler }).run({ input: { to: "Lisbon", nights: 3, amount } });
}

test.serial("saga: a declined payment undoes the bookings in reverse order, each side effect exactly once", async (t) => {
  const result = await book(840);
  t.is(result.status, "SUCCEEDED");
  t.deepEqual(result.result, { status: "rolled back", reason: "card declined for 840", undone: ["cancel-hotel", "cancel-flight"] });
  t.deepEqual(services.log, [
    "flight booked to Lisbon",
    "hotel booked for 3 nights",
    "card charge of 840 declined",
    "hotel HT-3 cancelled",
    "flight FL-Lisbon cancelled",
  ]);
  // The failure and its compensation happen in the second invocation, which replays the bookings.
  t.deepEqual(result.invocations.map((i) => i.outcome), ["PENDING", "SUCCEEDED"]);
  t.deepEqual(
    result.history.filter((e) => e.Name !== undefined).map((e) => `${e.EventType} ${e.Name}`),
    [
      "StepStarted book-flight",
      "StepSucceeded book-flight",
      "StepStarted book-hotel",
      "StepSucceeded book-hotel",
      "WaitStarted hold-seats",
      "WaitSucceeded hold-seats",
      "StepStarted charge-card",
      "StepFailed charge-card",
      "StepStarted cancel-hotel",
      "StepSucceeded cancel-hotel",
      "StepStarted cancel-flight",
      "StepSucceeded cancel-flight",
    ],
  );
});

test.serial("saga: a payment that goes through books the trip and undoes nothing", async (t) => {
  const result = await book(300);
  t.deepEqual(result.result, { status: "booked", flight: "FL-Lisbon", hotel: "HT-3", payment: "PAY-300" });
  t.false(services.log.some((line) => line.includes("cancelled")));
  t.deepEqual(result.roots.map((op) => op.name), ["book-flight", "book-hotel", "hold-seats", "charge-card"]);
});
