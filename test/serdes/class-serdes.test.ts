import test from "ava";
import { classSerdes, type SerdesContext } from "../../src/serdes/index.js";

const ctx: SerdesContext = { entityId: "2", durableExecutionArn: "arn" };

class Order {
  id = "";
  placedAt: Date = new Date(0);
  lines: Array<{ sku: string; shippedAt?: Date }> = [];
  customer: { since?: Date; name?: string } = {};
  total(): number {
    return this.lines.length;
  }
}

test("comes back as an instance, with the listed date paths as Dates (arrays walked)", (t) => {
  const serdes = classSerdes(Order, { dates: ["placedAt", "customer.since", "lines.shippedAt"] });
  const order = Object.assign(new Order(), {
    id: "o-1",
    placedAt: new Date("2025-01-02T03:04:05.000Z"),
    lines: [{ sku: "a", shippedAt: new Date("2025-01-03T00:00:00.000Z") }, { sku: "b" }],
    customer: { since: new Date("2020-01-01T00:00:00.000Z"), name: "Ada" },
  });
  const back = serdes.deserialize(serdes.serialize(order, ctx) as string, ctx) as Order;
  t.true(back instanceof Order);
  t.is(back.total(), 2);
  t.deepEqual(back, order);
  t.true(back.placedAt instanceof Date);
  t.true(back.lines[0].shippedAt instanceof Date);
  t.is(back.lines[1].shippedAt, undefined);
});

test("absent and null payloads stay as they are; a missing date path is skipped", (t) => {
  const serdes = classSerdes(Order, { dates: ["customer.since"] });
  t.is(serdes.serialize(undefined as unknown as Order, ctx), undefined);
  t.is(serdes.deserialize(undefined, ctx), undefined as unknown as Order);
  t.is(serdes.deserialize("null", ctx), null as unknown as Order);
  const back = serdes.deserialize('{"id":"x","customer":null}', ctx) as Order;
  t.is(back.customer, null as unknown as Order["customer"]);
});

test("a date path never reaches into a prototype", (t) => {
  const serdes = classSerdes(Order, { dates: ["__proto__.polluted", "constructor.prototype.x"] });
  serdes.deserialize('{"__proto__":{"polluted":"2020-01-01"}}', ctx);
  t.is(({} as Record<string, unknown>).polluted, undefined);
  t.is((Order.prototype as unknown as Record<string, unknown>).x, undefined);
});

test("a value that is not a date is an error naming the path", (t) => {
  const serdes = classSerdes(Order, { dates: ["placedAt"] });
  t.throws(() => serdes.deserialize('{"placedAt":"soon"}', ctx), { message: '"placedAt" is not a date: "soon"' });
});

const badOptions = test.macro({
  exec(t, Class: unknown, options: unknown, message: string) {
    t.throws(() => classSerdes(Class as never, options as never), { name: "ValidationError", message });
  },
  title: (provided = "") => `classSerdes rejects ${provided}`,
});
test("a class that is not a function", badOptions, {}, undefined, "classSerdes: At path: Class -- Expected a function, but received: [object Object]");
test("dates that are not an array", badOptions, Order, { dates: "placedAt" }, 'classSerdes: At path: dates -- Expected an array value, but received: "placedAt"');
test("an empty path segment", badOptions, Order, { dates: ["a..b"] }, 'classSerdes: At path: dates.0 -- expected a dotted path like "order.placedAt", but received: "a..b"');
test("an unknown option", badOptions, Order, { date: [] }, 'classSerdes: At path: date -- Unknown option "date"');
