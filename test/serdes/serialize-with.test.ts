import test from "ava";
import { SerdesError } from "../../src/errors/index.js";
import {
  customSerdes,
  deserializeWith,
  jsonSerdes,
  serializeWith,
  type Serdes,
  type SerdesContext,
} from "../../src/serdes/index.js";

const ctx: SerdesContext = { entityId: "3-1", durableExecutionArn: "arn" };

test("a synchronous serdes stays synchronous: no Promise, no microtask", (t) => {
  const out = serializeWith(jsonSerdes, { a: 1 }, ctx);
  t.is(out, '{"a":1}');
  const back = deserializeWith(jsonSerdes, '{"a":1}', ctx);
  t.false(back instanceof Promise);
  t.deepEqual(back, { a: 1 });
  t.is(serializeWith(jsonSerdes, undefined, ctx), undefined);
});

test("an asynchronous serdes resolves", async (t) => {
  const slow = customSerdes<number>(async (n) => String(n), async (s) => Number(s));
  const out = serializeWith(slow, 7, ctx);
  t.true(out instanceof Promise);
  t.is(await out, "7");
  t.is(await deserializeWith(slow, "7", ctx), 7);
});

const syncFailure = test.macro({
  exec(t, run: () => unknown, message: string) {
    const error = t.throws(run, { instanceOf: SerdesError, message });
    t.is(error?.code, "SERDES_FAILED");
  },
  title: (provided = "") => `a synchronous failure throws SerdesError naming the operation: ${provided}`,
});
test("serialize throws", syncFailure, () => serializeWith(jsonSerdes, { n: 1n }, ctx),
  'Serialization failed for operation "3-1": Do not know how to serialize a BigInt');
test("deserialize throws", syncFailure, () => deserializeWith(jsonSerdes, "{oops", ctx),
  deserializeMessage("{oops"));
test("serialize returns a number", syncFailure, () => serializeWith(customSerdes<number>((n) => n as unknown as string, Number), 5, ctx),
  'Serialization failed for operation "3-1": serialize must return a string or undefined; got a number (5)');
test("serialize returns null", syncFailure, () => serializeWith(customSerdes<number>(() => null as unknown as string, Number), 5, ctx),
  'Serialization failed for operation "3-1": serialize must return a string or undefined; got null');
test("serialize throws a non-Error", syncFailure, () => serializeWith(customSerdes<number>(() => { throw "nope"; }, Number), 5, ctx),
  'Serialization failed for operation "3-1": nope');

/** JSON.parse's own wording differs between Node versions, so the expectation is built from it. */
function deserializeMessage(data: string): string {
  try {
    JSON.parse(data);
  } catch (e) {
    return `Deserialization failed for operation "3-1": ${(e as Error).message}`;
  }
  return "";
}

const asyncFailure = test.macro({
  async exec(t, run: () => unknown, message: string) {
    const out = run();
    t.true(out instanceof Promise, "an async serdes fails asynchronously");
    const error = await t.throwsAsync(out as Promise<unknown>, { instanceOf: SerdesError, message });
    t.truthy(error?.cause);
  },
  title: (provided = "") => `an asynchronous failure rejects with SerdesError: ${provided}`,
});
const rejecting: Serdes<number> = {
  serialize: async () => {
    throw new Error("KMS unavailable");
  },
  deserialize: async () => {
    throw new Error("S3 object gone");
  },
};
test("serialize rejects", asyncFailure, () => serializeWith(rejecting, 1, ctx), 'Serialization failed for operation "3-1": KMS unavailable');
test("deserialize rejects", asyncFailure, () => deserializeWith(rejecting, "x", ctx), 'Deserialization failed for operation "3-1": S3 object gone');

test("an asynchronous serialize resolving to a non-string rejects with SerdesError", async (t) => {
  const bad = customSerdes<number>(async (n) => n as unknown as string, Number);
  await t.throwsAsync(serializeWith(bad, 9, ctx) as Promise<unknown>, {
    instanceOf: SerdesError,
    message: 'Serialization failed for operation "3-1": serialize must return a string or undefined; got a number (9)',
  });
});

test("the original error is kept as cause", (t) => {
  const error = t.throws(() => deserializeWith(jsonSerdes, "{", ctx));
  t.true(error?.cause instanceof SyntaxError);
});
