// examples/reactive-fan-out.ts as marble diagrams: each supplier's quote is a cold()
// stand-in with its own duration, so the diagram shows the map's concurrency limit and
// when it completes; then a replay of the recorded history, and once end to end on
// LocalTestRunner. The example imports "durable-rx" by name (dist/), so the helpers
// come from the same copy: `npm run build` first.
import test from "ava";
import { catchError, filter, map, mergeMap, of, throwError, type Observable } from "rxjs";
import { durableMarbles, LocalTestRunner, type MarbleExecution, type DurableRunHelpers, type RecordedHistory } from "durable-rx/testing";
import { purchaseWorkflow, quoteCalls, handler, type PurchaseRequest, type PurchaseServices, type PurchaseUpdate } from "../../examples/reactive-fan-out.js";

const marbles = (t: { deepEqual(a: unknown, b: unknown): void }) => (actual: unknown, expected: unknown) => t.deepEqual(actual, expected);

const request: PurchaseRequest = { part: "m6-bolt", quantity: 500, suppliers: ["acme", "bolt-co", "cargo"] };

/** Each supplier's answer as a cold() marble: its price after its own delay, or an error. */
function suppliers({ cold }: Pick<DurableRunHelpers, "cold">, answers: Record<string, string>, prices: Record<string, number> = {}): PurchaseServices {
  return {
    quote: (supplier) => cold(answers[supplier]!, prices, new Error(`${supplier} is down`)),
    order: (quote) => cold("(o|)", { o: `po-${quote.supplier}` }),
  };
}

/** Suppliers that must not be asked again: a replay answers from the history. */
function untouchable(calls: string[]): PurchaseServices {
  const refuse = (what: string): Observable<never> => {
    calls.push(what);
    return throwError(() => new Error(`${what} ran during a replay`));
  };
  return { quote: (supplier) => refuse(`quote ${supplier}`), order: (quote) => refuse(`order ${quote.supplier}`) };
}

const prices = { a: 9.5, b: 8.25, c: 11 };

const quotedAndOrdered: Record<string, PurchaseUpdate> = {
  q: {
    stage: "quoted",
    quotes: [
      { supplier: "acme", price: 9.5 },
      { supplier: "bolt-co", price: 8.25 },
      { supplier: "cargo", price: 11 },
    ],
    unavailable: [],
  },
  o: { stage: "ordered", supplier: "bolt-co", price: 8.25, orderId: "po-bolt-co" },
};

test("two quotes at a time: acme (3 s) and bolt-co (1 s) start at 0, cargo when bolt-co is done; the map completes at 3 s", (t) => {
  let execution!: MarbleExecution<PurchaseUpdate>;
  durableMarbles(marbles(t), (helpers) => {
    const services = suppliers(helpers, { acme: "3s (a|)", "bolt-co": "1s (b|)", cargo: "1s (c|)" }, prices);
    execution = helpers.execute(purchaseWorkflow(services), { input: request });
    helpers.expectExecution(execution).toBe("3s (qo|)", quotedAndOrdered);
    // When each supplier's item starts: the third waits for a free slot.
    const itemStarts = execution.requests$.pipe(
      mergeMap((r) => r.updates),
      filter((u) => u.Type === "CONTEXT" && u.Action === "START" && u.SubType !== "Map"),
      map((u) => u.Name),
    );
    helpers.expectExecution(itemStarts).toBe("(ab) 1s c", { a: "acme", b: "bolt-co", c: "cargo" });
  });
  t.is(execution.status, "SUCCEEDED");
  t.deepEqual(execution.result, quotedAndOrdered.o);
  t.is(execution.invocations.length, 1);
});

test("a supplier that is down fails only its item: the order goes to the cheapest of the others", (t) => {
  let execution!: MarbleExecution<PurchaseUpdate>;
  durableMarbles(marbles(t), (helpers) => {
    const services = suppliers(helpers, { acme: "2s (a|)", "bolt-co": "500ms #", cargo: "1s (c|)" }, prices);
    execution = helpers.execute(purchaseWorkflow(services), { input: request });
    // bolt-co fails at 500 ms, cargo takes its slot and answers at 1.5 s, acme at 2 s.
    helpers.expectExecution(execution).toBe("2s (qo|)", {
      q: {
        stage: "quoted",
        quotes: [
          { supplier: "acme", price: 9.5 },
          { supplier: "cargo", price: 11 },
        ],
        unavailable: ["bolt-co"],
      },
      o: { stage: "ordered", supplier: "acme", price: 9.5, orderId: "po-acme" },
    });
  });
  t.is(execution.status, "SUCCEEDED");
});

test("every supplier down: no order, the execution fails with each supplier's error", (t) => {
  let execution!: MarbleExecution<PurchaseUpdate>;
  durableMarbles(marbles(t), (helpers) => {
    const services = suppliers(helpers, { acme: "1s #", "bolt-co": "#", cargo: "2s #" });
    execution = helpers.execute(purchaseWorkflow(services), { input: request });
    // bolt-co fails at once, so cargo starts at 0 too: acme fails at 1 s, cargo at 2 s, and the map completes then.
    helpers.expectExecution(execution.values$.pipe(catchError((error: Error) => of(error.message)))).toBe("2s (e|)", {
      e: "no supplier quoted for m6-bolt: acme is down; bolt-co is down; cargo is down",
    });
  });
  t.is(execution.status, "FAILED");
});

test("the recorded history replays in one frame, (qo|), and asks no supplier again", (t) => {
  let execution!: MarbleExecution<PurchaseUpdate>;
  durableMarbles(marbles(t), (helpers) => {
    execution = helpers.execute(purchaseWorkflow(suppliers(helpers, { acme: "3s (a|)", "bolt-co": "1s (b|)", cargo: "1s (c|)" }, prices)), { input: request });
    helpers.expectExecution(execution).toBe("3s (qo|)", quotedAndOrdered);
  });
  const recorded: RecordedHistory = execution.history();
  const calls: string[] = [];
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    // The map answers with its stored BatchResult: the three seconds of quoting take no time now.
    expectObservable(invocation(purchaseWorkflow(untouchable(calls)), recorded)).toBe("(qo|)", quotedAndOrdered);
  });
  t.deepEqual(calls, []);
});

test("end to end on LocalTestRunner: the demo suppliers, one offline, each asked once", async (t) => {
  quoteCalls.clear();
  const suppliersAsked = ["acme", "offline-fasteners", "bolt-co", "cargo"];
  const result = await new LocalTestRunner({ handler }).run({ input: { ...request, suppliers: suppliersAsked } });
  t.is(result.status, "SUCCEEDED");
  t.deepEqual(result.result, { stage: "ordered", supplier: "cargo", price: 7, orderId: "po-cargo-m6-bolt-500" });
  t.deepEqual(suppliersAsked.map((s) => quoteCalls.get(s)), [1, 1, 1, 1]);
  const quotes = result.getOperation("quotes");
  t.like(quotes, { type: "CONTEXT", subType: "Map", status: "SUCCEEDED" });
  t.deepEqual(quotes.children.map((item) => [item.name, item.status]), [
    ["acme", "SUCCEEDED"],
    ["offline-fasteners", "FAILED"],
    ["bolt-co", "SUCCEEDED"],
    ["cargo", "SUCCEEDED"],
  ]);
});
