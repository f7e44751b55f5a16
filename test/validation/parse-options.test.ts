import test from "ava";
import { defaulted, func, number, object, optional, StructError, type, string } from "superstruct";
import { ValidationError } from "../../src/errors/index.js";
import { parseOptions } from "../../src/validation/index.js";

const StepOptionsStruct = object({
  retry: optional(func()),
  semantics: defaulted(optional(string()), "at-least-once-per-retry"),
  nested: optional(object({ limit: number() })),
});

test("returns the value itself, never a coerced copy (class instances keep their prototype)", (t) => {
  class Client {
    send() {}
  }
  const options = { retry: () => ({ shouldRetry: false }) };
  t.is(parseOptions(StepOptionsStruct, options, 'step("charge")'), options);
  const withClient = { client: new Client() };
  t.is(parseOptions(type({ client: type({ send: func() }) }), withClient, "durable()").client, withClient.client);
});

const bad = test.macro({
  exec(t, value: unknown, message: string) {
    const error = t.throws(() => parseOptions(StepOptionsStruct, value, 'step("charge")'), { instanceOf: ValidationError, message });
    t.true(error?.cause instanceof StructError);
    t.is(error?.code, "VALIDATION_FAILED");
  },
  title: (provided = "") => `prefixes the message with where: ${provided}`,
});
test("a wrong type", bad, { retry: 3 }, 'step("charge"): At path: retry -- Expected a function, but received: 3');
test("a nested path", bad, { nested: { limit: "x" } }, 'step("charge"): At path: nested.limit -- Expected a number, but received: "x"');
test("an unknown option reads as such, not as `never`", bad, { retries: 3 }, 'step("charge"): At path: retries -- Unknown option "retries"');
test("an unknown nested option", bad, { nested: { limit: 1, max: 2 } }, 'step("charge"): At path: nested.max -- Unknown option "max"');
test("not an object", bad, "fast", 'step("charge"): Expected an object, but received: "fast"');

test("mask drops unknown keys instead (envelopes a newer service may extend)", (t) => {
  const Envelope = object({ Id: string() });
  t.deepEqual(parseOptions(Envelope, { Id: "a", NewField: 1 }, "event", { mask: true }), { Id: "a" });
  t.throws(() => parseOptions(Envelope, { Id: "a", NewField: 1 }, "event"), { message: 'event: At path: NewField -- Unknown option "NewField"' });
});

test("type() structs pass unknown keys through", (t) => {
  t.deepEqual(parseOptions(type({ Id: string() }), { Id: "a", Extra: true }, "event"), { Id: "a", Extra: true });
});
