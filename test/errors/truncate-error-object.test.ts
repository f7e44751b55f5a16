import test from "ava";
import { DEFAULT_MAX_ERROR_OBJECT_BYTES, StepError, toErrorObject, TRUNCATION_SUFFIX, fromErrorObject } from "../../src/errors/index.js";
import type { ErrorObject } from "../../src/wire/types.js";

const size = (eo: ErrorObject): number => Buffer.byteLength(JSON.stringify(eo), "utf8");

const withStack = (frames: number, message = "boom"): Error => {
  const e = new Error(message);
  e.stack = [`Error: ${message}`, ...Array.from({ length: frames }, (_, i) => `    at frame${i} (/var/task/index.js:${i}:1)`)].join("\n");
  return e;
};

test("the default budget leaves room under the service's 32,768-byte limit for updates carrying Error", (t) => {
  t.is(DEFAULT_MAX_ERROR_OBJECT_BYTES, 30_000);
  t.true(DEFAULT_MAX_ERROR_OBJECT_BYTES + 2_000 < 32_768);
});

test("a small error is untouched", (t) => {
  const eo = toErrorObject(withStack(3));
  t.deepEqual(eo.StackTrace, ["at frame0 (/var/task/index.js:0:1)", "at frame1 (/var/task/index.js:1:1)", "at frame2 (/var/task/index.js:2:1)"]);
  t.is(eo.ErrorMessage, "boom");
});

test("stack frames go first, from the bottom, with a marker; message and data stay whole", (t) => {
  const e = Object.assign(withStack(5_000), { code: "E42" });
  const eo = toErrorObject(e);
  t.true(size(eo) <= 30_000);
  t.is(eo.ErrorMessage, "boom");
  t.is(eo.ErrorData, '{"code":"E42"}');
  const frames = eo.StackTrace as string[];
  t.is(frames[0], "at frame0 (/var/task/index.js:0:1)");
  t.regex(frames[frames.length - 1], /^\.\.\. \d+ more frames truncated$/);
  t.true(size(eo) > 29_000, "keeps as many frames as fit");
});

test("then ErrorData is shortened, once no frame is left", (t) => {
  const e = Object.assign(withStack(50), { blob: "x".repeat(100_000) });
  const eo = toErrorObject(e);
  t.true(size(eo) <= 30_000);
  t.false("StackTrace" in eo);
  t.is(eo.ErrorMessage, "boom");
  t.true((eo.ErrorData as string).endsWith(TRUNCATION_SUFFIX));
  t.true(size(eo) > 29_900, "keeps as much data as fits");
});

test("then ErrorMessage is shortened; ErrorData goes when nothing of it fits", (t) => {
  const e = Object.assign(withStack(50, "m".repeat(200_000)), { blob: "x".repeat(100_000) });
  const eo = toErrorObject(e);
  t.true(size(eo) <= 30_000);
  t.false("StackTrace" in eo);
  t.false("ErrorData" in eo);
  t.is(eo.ErrorType, "Error");
  t.true((eo.ErrorMessage as string).startsWith("mmmm"));
  t.true((eo.ErrorMessage as string).endsWith(TRUNCATION_SUFFIX));
  t.true(size(eo) > 29_900);
});

test("a huge durable error message is cut too", (t) => {
  const eo = toErrorObject(new StepError("s".repeat(1_000_000)));
  t.true(size(eo) <= 30_000);
  t.is(eo.ErrorType, "StepError");
  // and still decodes to the same class
  t.true(fromErrorObject(eo, { fallback: (m, i) => new Error(m, i) }) instanceof StepError);
});

const budget = test.macro({
  exec(t, value: unknown, maxBytes: number) {
    const eo = toErrorObject(value, { maxBytes });
    t.true(size(eo) <= maxBytes, `${size(eo)} > ${maxBytes}`);
  },
  title: (provided = "") => `fits any budget: ${provided}`,
});
test("multi-byte characters, counted in UTF-8 bytes", budget, new Error("\u00e9\u4e2d".repeat(50_000)), 10_000);
test("surrogate pairs are never split", budget, new Error("\u{1F600}".repeat(50_000)), 1_001);
test("characters JSON escapes", budget, new Error('"\\\n\u0001'.repeat(50_000)), 5_000);
test("a huge name", budget, Object.assign(new Error("m"), { name: "N".repeat(100_000) }), 1_000);
test("a budget smaller than any error", budget, new Error("m"), 10);
test("a budget of 2 bytes", budget, new Error("m"), 2);

test("a cut never leaves half a surrogate pair", (t) => {
  for (const maxBytes of [100, 101, 102, 103, 104]) {
    const eo = toErrorObject(new Error("\u{1F600}".repeat(100)), { maxBytes, stackTrace: false });
    const body = (eo.ErrorMessage as string).slice(0, -TRUNCATION_SUFFIX.length);
    t.false(/[\ud800-\udbff]$/.test(body), `maxBytes ${maxBytes}`);
    t.true(size(eo) <= maxBytes);
  }
});
