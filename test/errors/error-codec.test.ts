import test from "ava";
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
import { PaymentDeclined, Throttled } from "./error-fixtures.js";

/*
 * DESIGN.md "Errors": the live path encodes, then decodes, before delivery; replay
 * decodes what the service stored. Each case checks that both paths give the same
 * class, name, code, cause and errorData, and that re-encoding is stable (a fixpoint),
 * so an error that travels further (a child context failing with it) encodes alike.
 */

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
