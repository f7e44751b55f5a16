import test from "ava";
import { customSerdes, jsonSerdes, rawSerdes, type SerdesContext } from "../../src/serdes/index.js";

const ctx: SerdesContext = { entityId: "1", durableExecutionArn: "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST/durable-execution/n/i" };

const json = test.macro({
  exec(t, value: unknown, payload: string | undefined) {
    t.is(jsonSerdes.serialize(value, ctx), payload);
    t.deepEqual(jsonSerdes.deserialize(payload, ctx), value);
  },
  title: (provided = "") => `jsonSerdes: ${provided}`,
});
test("undefined is an absent payload (PROTOCOL.md §10)", json, undefined, undefined);
test("null is \"null\"", json, null, "null");
test("a string", json, "step completed", '"step completed"');
test("a number", json, 42, "42");
test("false", json, false, "false");
test("an object", json, { a: [1, { b: null }] }, '{"a":[1,{"b":null}]}');

test("jsonSerdes: an empty payload reads as undefined (the service's 'not stored')", (t) => {
  t.is(jsonSerdes.deserialize("", ctx), undefined);
});

test("jsonSerdes: invalid JSON and BigInt throw (serializeWith turns that into SerdesError)", (t) => {
  t.throws(() => jsonSerdes.deserialize("{", ctx), { instanceOf: SyntaxError });
  t.throws(() => jsonSerdes.serialize(1n, ctx), { instanceOf: TypeError });
});

test("rawSerdes passes strings through; undefined stays undefined", (t) => {
  t.is(rawSerdes.serialize('{"not":"parsed"}', ctx), '{"not":"parsed"}');
  t.is(rawSerdes.deserialize('{"not":"parsed"}', ctx), '{"not":"parsed"}');
  t.is(rawSerdes.serialize(undefined as unknown as string, ctx), undefined);
  t.is(rawSerdes.deserialize(undefined, ctx), undefined as unknown as string);
  t.is(rawSerdes.deserialize("", ctx), "");
});

test("customSerdes builds a serdes from two functions", async (t) => {
  const upper = customSerdes<string>(
    (v) => v.toUpperCase(),
    async (s) => (s ?? "").toLowerCase(),
  );
  t.is(upper.serialize("abc", ctx), "ABC");
  t.is(await upper.deserialize("ABC", ctx), "abc");
});

const badCustom = test.macro({
  exec(t, serialize: unknown, deserialize: unknown, message: string) {
    t.throws(() => customSerdes(serialize as never, deserialize as never), { name: "ValidationError", message });
  },
  title: (provided = "") => `customSerdes rejects ${provided}`,
});
test("a missing serialize", badCustom, undefined, () => 1, "customSerdes: At path: serialize -- Expected a function, but received: undefined");
test("a non-function deserialize", badCustom, () => "", "parse", 'customSerdes: At path: deserialize -- Expected a function, but received: "parse"');
