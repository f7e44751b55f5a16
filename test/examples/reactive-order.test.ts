// examples/reactive-order.ts as marble diagrams over service time, with cold() stand-ins
// for the payment gateway and the warehouse, and once end to end on LocalTestRunner.
// The example imports "durable-rx" by name (dist/), so the helpers come from the same
// copy: `npm run build` first.
import test from "ava";
import { catchError, map, of, throwError, type Observable } from "rxjs";
import { durableMarbles, executionStarted, historyOf, LocalTestRunner, startedWait, succeededStep, type DurableRunHelpers, type MarbleExecution, type RecordedHistory } from "durable-rx/testing";
import { gatewayCalls, handler, orderWorkflow, type Order, type OrderServices, type OrderUpdate } from "../../examples/reactive-order.js";

const marbles = (t: { deepEqual(a: unknown, b: unknown): void }) => (actual: unknown, expected: unknown) => t.deepEqual(actual, expected);

const order: Order = { id: "o-7", items: [{ sku: "mug", price: 12, quantity: 2 }] };

const updates: Record<string, OrderUpdate> = {
  a: { stage: "validated", total: 24 },
  b: { stage: "charged", total: 24, paymentId: "pay-1" },
  c: { stage: "shipped", total: 24, paymentId: "pay-1", trackingId: "track-1" },
};

/** Services that answer at once, from cold() marbles. */
const instantServices = ({ cold }: DurableRunHelpers): OrderServices => ({
  validate: () => cold("(t|)", { t: 24 }),
  charge: () => cold("(p|)", { p: "pay-1" }),
  ship: () => cold("(s|)", { s: "track-1" }),
});

/** Services that must not be called: a replay answers from the history. */
function untouchableServices(calls: string[]): OrderServices {
  const refuse = (name: string) => (): Observable<never> => {
    calls.push(name);
    return throwError(() => new Error(`${name} ran during a replay`));
  };
  return { validate: refuse("validate"), charge: refuse("charge"), ship: refuse("ship") };
}

test("validated and charged at once, shipped after the five-second cool-off: (ab) 5s (c|), in two invocations", (t) => {
  let execution!: MarbleExecution<OrderUpdate>;
  durableMarbles(marbles(t), (helpers) => {
    execution = helpers.execute(orderWorkflow(instantServices(helpers)), { input: order });
    helpers.expectExecution(execution).toBe("(ab) 5s (c|)", updates);
  });
  t.deepEqual(execution.invocations.map((i) => [i.startFrame, i.outcome]), [
    [0, "PENDING"],
    [5000, "SUCCEEDED"],
  ]);
  t.deepEqual(execution.result, updates.c, "the last update is the execution's result");
  t.deepEqual(execution.divergences, [], "the second invocation replays the same updates");
});

test("a busy gateway: the charge fails at once, the retry 2 s later takes 1 s, so the order ships at 8 s", (t) => {
  let execution!: MarbleExecution<OrderUpdate>;
  const attempts: number[] = [];
  durableMarbles(marbles(t), (helpers) => {
    const { cold } = helpers;
    const services: OrderServices = {
      ...instantServices(helpers),
      charge: (_order, _total, attempt) => {
        attempts.push(attempt);
        return attempt === 1 ? cold<string>("#", undefined, new Error("payment gateway busy")) : cold("1s (p|)", { p: "pay-1" });
      },
    };
    execution = helpers.execute(orderWorkflow(services), { input: order });
    helpers.expectExecution(execution).toBe("a 3s b 5s (c|)", updates);
    // What the service is told, and when: the failed attempt is a RETRY, the second attempt's SUCCEED comes 1 s after it starts.
    // (Eager checkpointing, the default: one request per update.)
    helpers
      .expectExecution(execution.requests$.pipe(map((request) => request.updates.map((u) => `${u.Action} ${u.Name}`).join(", "))))
      .toBe("(vVcr) 2s c 1s (Cw) 5s (sS)", {
        v: "START validate",
        V: "SUCCEED validate",
        c: "START charge",
        r: "RETRY charge",
        C: "SUCCEED charge",
        w: "START cool-off",
        s: "START ship",
        S: "SUCCEED ship",
      });
  });
  t.deepEqual(attempts, [1, 2]);
  t.deepEqual(execution.invocations.map((i) => [i.startFrame, i.endFrame, i.outcome]), [
    [0, 0, "PENDING"],
    [2000, 3000, "PENDING"],
    [8000, 8000, "SUCCEEDED"],
  ]);
});

test("a card declined on every attempt fails the order after the third, at 4 s, and nothing ships", (t) => {
  let execution!: MarbleExecution<OrderUpdate>;
  let shipped = 0;
  durableMarbles(marbles(t), (helpers) => {
    const { cold } = helpers;
    const services: OrderServices = {
      ...instantServices(helpers),
      charge: () => cold<string>("#", undefined, new Error("card declined")),
      ship: () => {
        shipped++;
        return cold("(s|)", { s: "never" });
      },
    };
    execution = helpers.execute(orderWorkflow(services), { input: order });
    helpers.expectExecution(execution.values$.pipe(catchError((error: Error) => of(`failed: ${error.message}`)))).toBe("a 4s (e|)", {
      a: updates.a,
      e: "failed: card declined",
    });
  });
  t.is(execution.status, "FAILED");
  t.like(execution.error, { ErrorMessage: "card declined" });
  t.is(shipped, 0);
});

test("an order with no items fails validation once, without retries", (t) => {
  let execution!: MarbleExecution<OrderUpdate>;
  let validations = 0;
  durableMarbles(marbles(t), (helpers) => {
    const { cold } = helpers;
    const services: OrderServices = {
      ...instantServices(helpers),
      validate: () => {
        validations++;
        return cold<number>("#", undefined, new Error("order o-7 has no items"));
      },
    };
    execution = helpers.execute(orderWorkflow(services), { input: { ...order, items: [] } });
    helpers.expectExecution(execution.values$.pipe(catchError((error: Error) => of(error.message)))).toBe("(e|)", { e: "order o-7 has no items" });
  });
  t.is(validations, 1);
  t.is(execution.invocations.length, 1);
});

test("the recorded history of a finished order replays in one frame, (abc|), without calling any service", (t) => {
  let execution!: MarbleExecution<OrderUpdate>;
  durableMarbles(marbles(t), (helpers) => {
    execution = helpers.execute(orderWorkflow(instantServices(helpers)), { input: order });
    helpers.expectExecution(execution).toBe("(ab) 5s (c|)", updates);
  });
  // Recorded once the run is over (inside the body, at frame 0, nothing has happened yet).
  const recorded: RecordedHistory = execution.history();
  const calls: string[] = [];
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    expectObservable(invocation(orderWorkflow(untouchableServices(calls)), recorded)).toBe("(abc|)", updates);
  });
  t.deepEqual(calls, []);
});

test("a history stopped in the cool-off (built, not recorded) replays (ab), then the invocation suspends: silence, not an error", (t) => {
  const calls: string[] = [];
  const inCoolOff = historyOf(
    executionStarted(order),
    succeededStep("1", 24, { name: "validate" }),
    succeededStep("2", "pay-1", { name: "charge" }),
    startedWait("3", "2026-01-01T00:00:05.000Z", { name: "cool-off" }),
  );
  // The builders date everything 2026-01-01T00:00:00Z: start the service's clock there too.
  const options = { epochMs: Date.parse("2026-01-01T00:00:00.000Z") };
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    expectObservable(invocation(orderWorkflow(untouchableServices(calls)), inCoolOff)).toBe("(ab)", updates);
  }, options);
  t.deepEqual(calls, []);
});

test("end to end on LocalTestRunner: the demo services, a busy gateway, three invocations, shipped", async (t) => {
  gatewayCalls.charge = 0;
  const result = await new LocalTestRunner({ handler }).run({ input: order });
  t.is(result.status, "SUCCEEDED");
  t.deepEqual(result.result, { stage: "shipped", total: 24, paymentId: "pay-o-7-24", trackingId: "track-o-7-10" });
  t.deepEqual(result.invocations.map((i) => i.outcome), ["PENDING", "PENDING", "SUCCEEDED"]);
  t.is(gatewayCalls.charge, 2, "the busy attempt and the retry; replays call nothing");
  t.like(result.getOperation("charge"), { type: "STEP", status: "SUCCEEDED", attempt: 2 });
  t.like(result.getOperation("cool-off"), { type: "WAIT", status: "SUCCEEDED" });
});
