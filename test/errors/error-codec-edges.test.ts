import test from "ava";
import { types } from "node:util";
import {
  CallbackError,
  fromErrorObject,
  NonDeterministicError,
  StepError,
  toErrorObject,
  type FromErrorObjectOptions,
} from "../../src/errors/index.js";
import type { ErrorObject } from "../../src/wire/types.js";
import { PaymentDeclined } from "./error-fixtures.js";

/* The codec's edges: rebuilt details, odd ErrorObjects from history, the encoded shape, hostile thrown values. */

const asStep: FromErrorObjectOptions = { fallback: (message, init) => new StepError(message, init) };

const decodeOdd = test.macro({
  exec(t, eo: unknown, message: string | undefined, causeName: string, causeMessage: string) {
    const back = fromErrorObject(eo as ErrorObject, asStep);
    t.true(back instanceof StepError);
    t.is(back.message, message ?? "Step failed");
    t.is((back.cause as Error).name, causeName);
    t.is((back.cause as Error).message, causeMessage);
  },
  title: (provided = "") => `decodes an odd ErrorObject without throwing: ${provided}`,
});
test("absent", decodeOdd, undefined, undefined, "Error", "");
test("empty", decodeOdd, {}, undefined, "Error", "");
test("empty ErrorType", decodeOdd, { ErrorType: "", ErrorMessage: "m" }, "m", "Error", "m");
test("wrongly typed fields", decodeOdd, { ErrorType: 5, ErrorMessage: ["m"], StackTrace: "x" }, undefined, "Error", "");

test("encoding: a durable error carries type, message and data only", (t) => {
  t.deepEqual(toErrorObject(new StepError("s", { errorData: "{}", cause: new Error("c") })), {
    ErrorType: "StepError",
    ErrorMessage: "s",
    ErrorData: "{}",
  });
});

test("encoding: stack frames without the (multi-line) header; option stackTrace: false leaves them out", (t) => {
  const e = new Error("line one\nline two");
  const eo = toErrorObject(e);
  t.is(eo.ErrorMessage, "line one\nline two");
  t.true((eo.StackTrace as string[]).length > 0);
  t.true((eo.StackTrace as string[]).every((frame) => frame.startsWith("at ")));
  t.false("StackTrace" in toErrorObject(e, { stackTrace: false }));
});

test("encoding: a non-Error value has ErrorType Error and no other fields", (t) => {
  t.deepEqual(toErrorObject("boom"), { ErrorType: "Error", ErrorMessage: "boom" });
  t.deepEqual(toErrorObject(() => 1), { ErrorType: "Error", ErrorMessage: "[Function (anonymous)]" });
  t.deepEqual(toErrorObject(10n), { ErrorType: "Error", ErrorMessage: "10" });
});

test("encoding: an Error-like object from another realm counts as an error", (t) => {
  t.deepEqual(toErrorObject({ name: "AbortError", message: "aborted", code: 20 }), {
    ErrorType: "AbortError",
    ErrorMessage: "aborted",
    ErrorData: '{"code":20}',
  });
});

const neverThrows = test.macro({
  exec(t, make: () => unknown) {
    const eo = t.notThrows(() => toErrorObject(make()));
    t.notThrows(() => fromErrorObject(toErrorObject(make()), asStep));
    t.true(Buffer.byteLength(JSON.stringify(eo)) <= 30_000);
  },
  title: (provided = "") => `toErrorObject never throws: ${provided}`,
});
test("a proxy whose every trap throws", neverThrows, () =>
  new Proxy({}, { get: () => { throw new Error("get"); }, ownKeys: () => { throw new Error("keys"); } }));
test("an error with a throwing getter", neverThrows, () =>
  Object.defineProperty(new Error("g"), "bad", { enumerable: true, get: () => { throw new Error("getter"); } }));
test("an error with a throwing toJSON inside", neverThrows, () =>
  Object.assign(new Error("j"), { inner: { toJSON: () => { throw new Error("toJSON"); } } }));
test("an error with a BigInt property", neverThrows, () => Object.assign(new Error("b"), { amount: 10n }));
test("an error whose message getter throws", neverThrows, () =>
  Object.defineProperty(new Error("m"), "message", { get: () => { throw new Error("message"); } }));
test("a deeply nested value", neverThrows, () => {
  let deep: Record<string, unknown> = {};
  const root = deep;
  for (let i = 0; i < 10_000; i += 1) deep = (deep.next = {}) as Record<string, unknown>;
  return Object.assign(new Error("deep"), { root });
});

test("a rebuilt NonDeterministicError keeps its details and its failure kind", (t) => {
  const live = new NonDeterministicError({ operationId: "c4ca4238a0b92382", rawId: "1", field: "type", expected: "STEP", actual: "WAIT" });
  const back = fromErrorObject(toErrorObject(live), asStep) as NonDeterministicError;
  t.true(back instanceof NonDeterministicError);
  t.is(back.message, live.message);
  t.is(back.failure, "execution");
  t.like(back, { operationId: "c4ca4238a0b92382", rawId: "1", field: "type", expected: "STEP", actual: "WAIT" });
});

test("a registered class is a native error with its data, stack and methods restored", (t) => {
  const live = new PaymentDeclined("card declined", "insufficient funds", { card: "visa", limits: [] });
  const back = fromErrorObject(toErrorObject(live), { ...asStep, classes: [PaymentDeclined] }) as PaymentDeclined;
  t.true(types.isNativeError(back));
  t.is(back.describe(), "insufficient funds: card declined");
  t.deepEqual(back.details, { card: "visa", limits: [] });
  t.true(back.stack?.startsWith("PaymentDeclined: card declined\n    at "));
});

test("registered classes win over the fallback; unknown types go to the fallback", (t) => {
  const eo: ErrorObject = { ErrorType: "Other", ErrorMessage: "m", ErrorData: '{"x":1}' };
  const back = fromErrorObject(eo, {
    fallback: (message, init) => new CallbackError(message, init),
    classes: [PaymentDeclined],
  });
  t.true(back instanceof CallbackError);
  t.is(back.message, "m");
  t.is((back as CallbackError).errorData, '{"x":1}');
  t.is((back.cause as Error).name, "Other");
});

test("the fallback's cause carries the recorded stack under its header", (t) => {
  const back = fromErrorObject({ ErrorType: "TypeError", ErrorMessage: "bad", StackTrace: ["at f (a.js:1:1)", "at g (b.js:2:2)"] }, asStep);
  t.is((back.cause as Error).stack, "TypeError: bad\n    at f (a.js:1:1)\n    at g (b.js:2:2)");
});
