import test from "ava";
import {
  CallbackError,
  CallbackTimeoutError,
  CheckpointError,
  ChildContextError,
  DurableError,
  InvokeError,
  LimitExceededError,
  NonDeterministicError,
  SerdesError,
  StepError,
  StepInterruptedError,
  StepTimeoutError,
  ValidationError,
  WaitForConditionError,
} from "../../src/errors/index.js";

type Standard = new (message?: string, options?: { cause?: unknown; errorData?: string }) => DurableError;

const identity = test.macro({
  exec(t, Class: Standard, name: string, code: string, defaultMessage: string, parent: Function) {
    const e = new Class();
    t.is(e.name, name);
    t.is(e.code, code);
    t.is(e.message, defaultMessage);
    t.true(e instanceof Class);
    t.true(e instanceof parent);
    t.true(e instanceof DurableError);
    t.true(e instanceof Error);
    t.true(DurableError.is(e));
    t.true(e.stack?.startsWith(`${name}: ${defaultMessage}`));
    // name and code live on the prototype: nothing leaks into spreads, keys or deep equality.
    t.deepEqual(Object.keys(e), []);
    t.is(Object.prototype.hasOwnProperty.call(e, "name"), false);
    t.is(String(e), `${name}: ${defaultMessage}`);
  },
  title: (_p, _C, name: string) => `${name}: literal name, code, default message, hierarchy`,
});

test(identity, DurableError, "DurableError", "DURABLE_ERROR", "Durable operation failed", Error);
test(identity, StepError, "StepError", "STEP_FAILED", "Step failed", DurableError);
test(
  identity,
  StepInterruptedError,
  "StepInterruptedError",
  "STEP_INTERRUPTED",
  "The step execution process was initiated but failed to reach completion due to an interruption.",
  StepError,
);
test(identity, StepTimeoutError, "StepTimeoutError", "STEP_TIMED_OUT", "Step timed out", StepError);
test(identity, CallbackError, "CallbackError", "CALLBACK_FAILED", "Callback failed", DurableError);
test(identity, CallbackTimeoutError, "CallbackTimeoutError", "CALLBACK_TIMED_OUT", "Callback timed out", CallbackError);
test(identity, InvokeError, "InvokeError", "INVOKE_FAILED", "Invoke failed", DurableError);
test(identity, ChildContextError, "ChildContextError", "CHILD_CONTEXT_FAILED", "Child context failed", DurableError);
test(
  identity,
  WaitForConditionError,
  "WaitForConditionError",
  "WAIT_FOR_CONDITION_FAILED",
  "Wait for condition failed",
  DurableError,
);
test(identity, ValidationError, "ValidationError", "VALIDATION_FAILED", "Invalid input", DurableError);
test(identity, SerdesError, "SerdesError", "SERDES_FAILED", "Serialization failed", DurableError);
test(identity, LimitExceededError, "LimitExceededError", "LIMIT_EXCEEDED", "Limit exceeded", DurableError);

test("message, native cause and errorData are kept; absent options add no own keys", (t) => {
  const cause = new TypeError("inner");
  const e = new StepError("outer", { cause, errorData: '{"code":"E42"}' });
  t.is(e.message, "outer");
  t.is(e.cause, cause);
  t.is(e.errorData, '{"code":"E42"}');
  t.false("cause" in new StepError("x"));
  t.false(Object.prototype.hasOwnProperty.call(new StepError("x"), "errorData"));
});

test("an explicitly undefined cause is still a cause, as with native errors", (t) => {
  t.true("cause" in new StepError("x", { cause: undefined }));
});

test("DurableError.is recognises errors of another copy of the package by the registered brand", (t) => {
  const foreign = Object.create({ [Symbol.for("durable-rx.DurableError")]: true });
  t.true(DurableError.is(foreign));
  t.false(DurableError.is(new Error("plain")));
  t.false(DurableError.is({ name: "StepError", message: "look-alike" }));
  t.false(DurableError.is(null));
  t.false(DurableError.is(undefined));
  t.false(DurableError.is("StepError"));
});

test("DurableError.execution fails the execution; DurableError.invocation makes Lambda retry", (t) => {
  const exec = DurableError.execution("bad data");
  t.is(exec.failure, "execution");
  t.is(exec.code, "EXECUTION_FAILED");
  t.is(exec.message, "bad data");
  const inv = DurableError.invocation("try again");
  t.is(inv.failure, "invocation");
  t.is(inv.code, "INVOCATION_FAILED");
  t.is(new DurableError("x").failure, undefined);
});

test("CheckpointError keeps the AWS error as cause and defaults to an invocation failure", (t) => {
  const aws = Object.assign(new Error("Rate exceeded"), { name: "TooManyRequestsException" });
  const retry = new CheckpointError("Checkpoint failed: Rate exceeded", { cause: aws });
  t.is(retry.failure, "invocation");
  t.is(retry.cause, aws);
  t.is(retry.code, "CHECKPOINT_FAILED");
  t.is(new CheckpointError(undefined, { failure: "execution" }).failure, "execution");
  t.is(new CheckpointError().message, "Checkpoint failed");
});

const nonDeterminism = test.macro({
  exec(t, details: ConstructorParameters<typeof NonDeterministicError>[0], message: string) {
    const e = new NonDeterministicError(details);
    t.is(e.message, message);
    t.is(e.name, "NonDeterministicError");
    t.is(e.code, "NON_DETERMINISTIC");
    t.is(e.failure, "execution");
    t.is(e.operationId, details.operationId);
    t.is(e.field, details.field);
    t.deepEqual(JSON.parse(e.errorData as string), JSON.parse(JSON.stringify(details)));
  },
  title: (provided = "") => `NonDeterministicError names the operation, the history and the code: ${provided}`,
});

test("name mismatch", nonDeterminism, {
  operationId: "eccbc87e4b5ce2fe",
  rawId: "3",
  field: "name",
  expected: "charge",
  actual: "refund",
}, 'Non-deterministic execution: operation 3 (id eccbc87e4b5ce2fe) has name "charge" in the history but the code asked for "refund"');
test("type mismatch without raw id", nonDeterminism, {
  operationId: "c4ca4238a0b92382",
  field: "type",
  expected: "STEP",
  actual: "WAIT",
}, 'Non-deterministic execution: operation c4ca4238a0b92382 has type "STEP" in the history but the code asked for "WAIT"');
test("unnamed in the history", nonDeterminism, {
  operationId: "c81e728d9d4c2f63",
  rawId: "2",
  field: "name",
  expected: undefined,
  actual: "fetch",
}, 'Non-deterministic execution: operation 2 (id c81e728d9d4c2f63) has no name in the history but the code asked for "fetch"');
test("unnamed in the code", nonDeterminism, {
  operationId: "c81e728d9d4c2f63",
  rawId: "2",
  field: "name",
  expected: "fetch",
  actual: undefined,
}, 'Non-deterministic execution: operation 2 (id c81e728d9d4c2f63) has name "fetch" in the history but the code asked for no name');
test("subtype mismatch", nonDeterminism, {
  operationId: "ea66c06c1e1c05fa",
  rawId: "1-1",
  field: "subType",
  expected: "Step",
  actual: "WaitForCondition",
}, 'Non-deterministic execution: operation 1-1 (id ea66c06c1e1c05fa) has subtype "Step" in the history but the code asked for "WaitForCondition"');
