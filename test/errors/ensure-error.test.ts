import test from "ava";
import { runInNewContext } from "node:vm";
import { ensureError, StepError } from "../../src/errors/index.js";

test("an Error is returned as is", (t) => {
  const e = new TypeError("x");
  t.is(ensureError(e), e);
  const step = new StepError();
  t.is(ensureError(step), step);
});

test("an Error from another realm is returned as is", (t) => {
  const foreign = runInNewContext("new RangeError('other realm')") as unknown;
  t.is(ensureError(foreign), foreign as Error);
});

test("an Error-like object keeps its name and message, and becomes the cause", (t) => {
  const like = { name: "AbortError", message: "aborted" };
  const e = ensureError(like);
  t.true(e instanceof Error);
  t.is(e.name, "AbortError");
  t.is(e.message, "aborted");
  t.is(e.cause, like);
});

const wraps = test.macro({
  exec(t, value: unknown, message: string) {
    const e = ensureError(value);
    t.true(e instanceof Error);
    t.is(e.name, "Error");
    t.is(e.message, message);
    t.is(e.cause, value);
  },
  title: (provided = "") => `wraps a thrown ${provided} readably`,
});
test("string", wraps, "boom", "boom");
test("number", wraps, 42, "42");
test("null", wraps, null, "null");
test("undefined", wraps, undefined, "undefined");
test("object", wraps, { a: [1] }, '{"a":[1]}');
test("function", wraps, function named() {}, "[Function: named]");
