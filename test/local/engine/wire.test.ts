import test from "ava";
import { convertTimestamps } from "../../../src/local/engine/index.js";
import { randomIds } from "../../../src/local/engine/ids.js";

test("convertTimestamps: a deep copy, timestamp members converted, undefined members dropped", (t) => {
  const source = { Id: "a", StartTimestamp: 1000, Attempt: 3, Nested: { EndTimestamp: 2000, List: [{ EventTimestamp: 3000 }] }, Gone: undefined };
  const copy = convertTimestamps(source, (ms) => new Date(ms));
  t.deepEqual(copy, {
    Id: "a",
    StartTimestamp: new Date(1000),
    Attempt: 3,
    Nested: { EndTimestamp: new Date(2000), List: [{ EventTimestamp: new Date(3000) }] },
  } as unknown as typeof source);
  t.not(copy.Nested, source.Nested);
  t.not(copy.Nested.List, source.Nested.List);
});

test("convertTimestamps: a parsed __proto__ key stays data and pollutes nothing", (t) => {
  const parsed = JSON.parse('{"ErrorData":{"__proto__":{"polluted":true},"kept":1}}') as { ErrorData: Record<string, unknown> };
  const copy = convertTimestamps(parsed, (ms) => ms);
  t.true(Object.hasOwn(copy.ErrorData, "__proto__"));
  t.deepEqual(Object.keys(copy.ErrorData), ["__proto__", "kept"]);
  t.is(Object.getPrototypeOf(copy.ErrorData), Object.prototype);
  t.is((copy.ErrorData as { polluted?: unknown }).polluted, undefined);
  t.is(({} as { polluted?: unknown }).polluted, undefined);
});

test("random nonces: 24 hex characters, no repeats across pool refills", (t) => {
  const nonce = randomIds().nonce;
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const value = nonce();
    t.regex(value, /^[0-9a-f]{24}$/);
    seen.add(value);
  }
  t.is(seen.size, 2000);
});
