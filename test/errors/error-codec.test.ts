import test from "ava";
import { types } from "node:util";
import {
  CallbackError,
  CallbackTimeoutError,
  CheckpointError,
  ChildContextError,
  DurableError,
  fromErrorObject,
  InvokeError,
  LimitExceededError,
  NonDeterministicError,
  SerdesError,
  StepError,
  StepInterruptedError,
  StepTimeoutError,
  toErrorObject,
  ValidationError,
  WaitForConditionError,
  type ErrorClass,
  type FromErrorObjectOptions,
} from "../../src/errors/index.js";
import type { ErrorObject } from "../../src/wire/types.js";

/*
 * DESIGN.md "Errors": the live path encodes, then decodes, before delivery; replay
 * decodes what the service stored. Each case checks that both paths give the same
 * class, name, code, cause and errorData, and that re-encoding is stable (a fixpoint),
 * so an error that travels further (a child context failing with it) encodes alike.
 */

class PaymentDeclined extends Error {
  override name = "PaymentDeclined";
  constructor(
    message: string,
    readonly reason: string,
    readonly details: { card: string; limits: number[] },
  ) {
    super(message);
  }
  describe(): string {
    return `${this.reason}: ${this.message}`;
  }
}

/** Minification-proof registration: a static errorType. */
class Throttled extends Error {
  static readonly errorType = "Throttled";
  override name = "Throttled";
  retryAfter = 3;
}

const asStep: FromErrorObjectOptions = { fallback: (message, init) => new StepError(message, init) };
const withClasses = (...classes: ErrorClass[]): FromErrorObjectOptions => ({ ...asStep, classes });

interface Signature {
  proto: object | null;
  name: string;
  code: unknown;
  message: string;
  causeName: unknown;
  causeMessage: unknown;
  causeProto: object | null | undefined;
  errorData: unknown;
}

const signature = (e: Error): Signature => {
  const cause = e.cause as Error | undefined;
  return {
    proto: Object.getPrototypeOf(e),
    name: e.name,
    code: (e as { code?: unknown }).code,
    message: e.message,
    causeName: cause?.name,
    causeMessage: cause?.message,
    causeProto: cause === undefined ? undefined : Object.getPrototypeOf(cause),
    errorData: (e as { errorData?: unknown }).errorData,
  };
};

const roundTrip = test.macro({
  exec(
    t,
    thrown: () => unknown,
    expected: Partial<Signature> & { instanceOf: Function },
    options: FromErrorObjectOptions = asStep,
  ) {
    const eo = toErrorObject(thrown());
    const live = fromErrorObject(eo, options);
    const stored = JSON.parse(JSON.stringify(eo)) as ErrorObject; // what replay reads back
    const replayed = fromErrorObject(stored, options);
    t.deepEqual(signature(live), signature(replayed));
    t.true(live instanceof expected.instanceOf);
    const { instanceOf: _ignored, ...fields } = expected;
    t.like(signature(live), fields);
    t.deepEqual(toErrorObject(live), toErrorObject(replayed));
    t.deepEqual(toErrorObject(fromErrorObject(toErrorObject(live), options)), toErrorObject(live));
  },
  title: (provided = "") => `round trip, live = replayed: ${provided}`,
});

test("a TypeError becomes a StepError whose cause is a TypeError", roundTrip, () => new TypeError("x is not a function"), {
  instanceOf: StepError,
  name: "StepError",
  code: "STEP_FAILED",
  message: "x is not a function",
  causeName: "TypeError",
  causeMessage: "x is not a function",
  causeProto: TypeError.prototype,
  errorData: undefined,
});

test("extra properties travel as errorData", roundTrip, () => Object.assign(new Error("declined"), { code: "E42" }), {
  instanceOf: StepError,
  causeName: "Error",
  causeMessage: "declined",
  errorData: '{"code":"E42"}',
});

test("nested objects travel as errorData", roundTrip,
  () => Object.assign(new RangeError("too big"), { limits: { max: 10, seen: [11, 12] }, when: new Date(0) }), {
  instanceOf: StepError,
  causeName: "RangeError",
  causeProto: RangeError.prototype,
  errorData: '{"limits":{"max":10,"seen":[11,12]},"when":"1970-01-01T00:00:00.000Z"}',
});

test("circular properties are marked, not thrown on", roundTrip, () => {
  const e = Object.assign(new Error("loop"), { self: undefined as unknown, pair: { a: {} as Record<string, unknown> } });
  e.self = e;
  e.pair.a.back = e.pair;
  return e;
}, { instanceOf: StepError, errorData: '{"self":"[Circular]","pair":{"a":{"back":"[Circular]"}}}' });

test("an unregistered custom class keeps its name in the cause", roundTrip,
  () => new PaymentDeclined("card declined", "insufficient funds", { card: "visa", limits: [1, 2] }), {
  instanceOf: StepError,
  causeName: "PaymentDeclined",
  causeMessage: "card declined",
  errorData: '{"reason":"insufficient funds","details":{"card":"visa","limits":[1,2]}}',
});

test("a registered class is rebuilt as itself", roundTrip,
  () => new PaymentDeclined("card declined", "insufficient funds", { card: "visa", limits: [1, 2] }),
  { instanceOf: PaymentDeclined, name: "PaymentDeclined", message: "card declined", causeName: undefined },
  withClasses(PaymentDeclined),
);

test("a class registered by static errorType is rebuilt as itself", roundTrip, () => new Throttled("slow down"), {
  instanceOf: Throttled,
  name: "Throttled",
}, withClasses(Throttled));

test("a thrown string", roundTrip, () => "boom", {
  instanceOf: StepError,
  message: "boom",
  causeName: "Error",
  causeMessage: "boom",
  errorData: undefined,
});
test("a thrown number", roundTrip, () => 42, { instanceOf: StepError, message: "42", causeMessage: "42" });
test("a thrown null", roundTrip, () => null, { instanceOf: StepError, message: "null" });
test("a thrown undefined", roundTrip, () => undefined, { instanceOf: StepError, message: "undefined" });
test("a thrown plain object", roundTrip, () => ({ status: 503, body: { retry: true } }), {
  instanceOf: StepError,
  message: '{"status":503,"body":{"retry":true}}',
});
test("a thrown symbol", roundTrip, () => Symbol("nope"), { instanceOf: StepError, message: "Symbol(nope)" });

const ours: Array<[string, () => DurableError, Function, string]> = [
  ["StepError", () => new StepError("s", { errorData: '{"k":1}' }), StepError, "STEP_FAILED"],
  ["StepInterruptedError", () => new StepInterruptedError(), StepInterruptedError, "STEP_INTERRUPTED"],
  ["StepTimeoutError", () => new StepTimeoutError("after 30 s"), StepTimeoutError, "STEP_TIMED_OUT"],
  ["CallbackError", () => new CallbackError("rejected"), CallbackError, "CALLBACK_FAILED"],
  ["CallbackTimeoutError", () => new CallbackTimeoutError(), CallbackTimeoutError, "CALLBACK_TIMED_OUT"],
  ["InvokeError", () => new InvokeError(), InvokeError, "INVOKE_FAILED"],
  ["ChildContextError", () => new ChildContextError("kid failed"), ChildContextError, "CHILD_CONTEXT_FAILED"],
  ["WaitForConditionError", () => new WaitForConditionError(), WaitForConditionError, "WAIT_FOR_CONDITION_FAILED"],
  ["CheckpointError", () => new CheckpointError("Checkpoint failed: x"), CheckpointError, "CHECKPOINT_FAILED"],
  ["ValidationError", () => new ValidationError('step("a"): bad'), ValidationError, "VALIDATION_FAILED"],
  ["SerdesError", () => new SerdesError(), SerdesError, "SERDES_FAILED"],
  ["LimitExceededError", () => new LimitExceededError("too big"), LimitExceededError, "LIMIT_EXCEEDED"],
  ["DurableError", () => new DurableError("root"), DurableError, "DURABLE_ERROR"],
  [
    "NonDeterministicError",
    () => new NonDeterministicError({ operationId: "eccbc87e4b5ce2fe", rawId: "3", field: "name", expected: "a", actual: "b" }),
    NonDeterministicError,
    "NON_DETERMINISTIC",
  ],
];
for (const [name, make, Class, code] of ours) {
  test(`${name} is rebuilt as itself`, roundTrip, make, {
    instanceOf: Class,
    name,
    code,
    message: make().message,
    errorData: make().errorData,
  });
}

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
  const back = fromErrorObject(toErrorObject(live), withClasses(PaymentDeclined)) as PaymentDeclined;
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
