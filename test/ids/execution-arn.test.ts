import test from "ava";
import { CallbackId, ExecutionArn } from "../../src/ids/index.js";

const good = test.macro({
  exec(t, arn: string) {
    t.is<string, string>(ExecutionArn.parse(arn), arn);
    t.true(ExecutionArn.is(arn));
  },
  title: (provided = "") => `ExecutionArn accepts ${provided}`,
});
test("$LATEST", good, "arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST/durable-execution/order-42/3f2a9c1e-1b2c-4d5e-8f90-1234567890ab");
test("$LATEST.PUBLISHED", good, "arn:aws:lambda:eu-west-1:123456789012:function:my_fn:$LATEST.PUBLISHED/durable-execution/n/i");
test("a version number, another partition", good, "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn:17/durable-execution/n_1/i-2");

const bad = test.macro({
  exec(t, arn: unknown, message: string) {
    t.throws(() => ExecutionArn.parse(arn), { name: "ValidationError", message });
    t.false(ExecutionArn.is(arn));
  },
  title: (provided = "") => `ExecutionArn rejects ${provided}`,
});
const shape = "does not match arn:<partition>:lambda:<region>:<account>:function:<name>:<$LATEST|version>/durable-execution/<name>/<id>";
test("a function ARN without the execution", bad, "arn:aws:lambda:us-east-1:123456789012:function:fn",
  `ExecutionArn.parse: "arn:aws:lambda:us-east-1:123456789012:function:fn" ${shape}`);
test("an unqualified function", bad, "arn:aws:lambda:us-east-1:123456789012:function:fn/durable-execution/n/i",
  `ExecutionArn.parse: "arn:aws:lambda:us-east-1:123456789012:function:fn/durable-execution/n/i" ${shape}`);
test("an alias qualifier", bad, "arn:aws:lambda:us-east-1:123456789012:function:fn:prod/durable-execution/n/i",
  `ExecutionArn.parse: "arn:aws:lambda:us-east-1:123456789012:function:fn:prod/durable-execution/n/i" ${shape}`);
test("an 11-digit account", bad, "arn:aws:lambda:us-east-1:12345678901:function:fn:1/durable-execution/n/i",
  `ExecutionArn.parse: "arn:aws:lambda:us-east-1:12345678901:function:fn:1/durable-execution/n/i" ${shape}`);
test("another service", bad, "arn:aws:states:us-east-1:123456789012:function:fn:1/durable-execution/n/i",
  `ExecutionArn.parse: "arn:aws:states:us-east-1:123456789012:function:fn:1/durable-execution/n/i" ${shape}`);
test("trailing text", bad, "arn:aws:lambda:us-east-1:123456789012:function:fn:1/durable-execution/n/i/extra",
  `ExecutionArn.parse: "arn:aws:lambda:us-east-1:123456789012:function:fn:1/durable-execution/n/i/extra" ${shape}`);
test("an empty string", bad, "", "ExecutionArn.parse: expected a non-empty string");
test("a number", bad, 42, "ExecutionArn.parse: expected a string; got number");
test("null", bad, null, "ExecutionArn.parse: expected a string; got null");
test("more than 1024 characters", bad,
  `arn:aws:lambda:us-east-1:123456789012:function:fn:1/durable-execution/n/${"i".repeat(1000)}`,
  "ExecutionArn.parse: it is 1072 characters long; the limit is 1024");

test("CallbackId.parse accepts 1–1024 characters", (t) => {
  t.is<string, string>(CallbackId.parse("eyJ0b2tlbiI6IjEifQ=="), "eyJ0b2tlbiI6IjEifQ==");
  t.is(CallbackId.parse("x".repeat(1024)).length, 1024);
  t.true(CallbackId.is("a"));
});

const badCallback = test.macro({
  exec(t, value: unknown, message: string) {
    t.throws(() => CallbackId.parse(value), { name: "ValidationError", message });
    t.false(CallbackId.is(value));
  },
  title: (provided = "") => `CallbackId rejects ${provided}`,
});
test("an empty string", badCallback, "", "CallbackId.parse: expected a non-empty string");
test("1025 characters", badCallback, "x".repeat(1025), "CallbackId.parse: it is 1025 characters long; the limit is 1024");
test("undefined", badCallback, undefined, "CallbackId.parse: expected a string; got undefined");
