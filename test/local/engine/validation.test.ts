import test from "ava";
import type { OperationUpdate } from "../../../src/wire/types.js";
import { callbackStart, contextStart, running, stepStart, stepSucceed, waitStart } from "../../helpers/engine-fixtures.js";

const IPV = "InvalidParameterValueException";

/** `setup` is checkpointed first (and must succeed); `request` must be rejected with `message`. */
const rejects = test.macro({
  exec(t, setup: OperationUpdate[], request: OperationUpdate[], message: string | RegExp, name: string = IPV) {
    const r = running();
    if (setup.length) r.cp(setup);
    const before = JSON.stringify(r.engine.getRecord(r.arn)?.operations);
    const error = t.throws(() => r.cp(request));
    t.is(error?.name, name);
    if (typeof message === "string") t.is(error?.message, message);
    else t.regex(error?.message ?? "", message);
    t.is((error as { statusCode?: number } | undefined)?.statusCode, 400);
    // Validation happens before anything is applied, and the token survives the rejection.
    t.is(JSON.stringify(r.engine.getRecord(r.arn)?.operations), before);
    t.notThrows(() => r.cp([]));
  },
  title: (provided = "") => `rejects: ${provided}`,
});

const accepts = test.macro({
  exec(t, setup: OperationUpdate[], request: OperationUpdate[]) {
    const r = running();
    if (setup.length) r.cp(setup);
    t.notThrows(() => r.cp(request));
  },
  title: (provided = "") => `accepts: ${provided}`,
});

const exec = (Action: "SUCCEED" | "FAIL", extra: Partial<OperationUpdate> = {}): OperationUpdate => ({
  Id: "exec",
  Type: "EXECUTION",
  Action,
  ...extra,
});
const err = { ErrorType: "E", ErrorMessage: "boom" };

// Whole-request rules (PROTOCOL.md §2.4)
test("two EXECUTION updates", rejects, [], [exec("SUCCEED"), exec("SUCCEED")], "Cannot checkpoint multiple EXECUTION updates.");
test("EXECUTION not last", rejects, [], [exec("SUCCEED"), stepStart("a")], "EXECUTION checkpoint must be the last update.");
test("update without Id", rejects, [], [stepStart("")], "Operation update must have an Id.");
test(
  "same WAIT twice",
  rejects,
  [],
  [waitStart("w", 1), waitStart("w", 1)],
  "Cannot update the same operation twice in a single request.",
);
test(
  "STEP START twice",
  rejects,
  [],
  [stepStart("a"), stepStart("a")],
  "Cannot update the same operation twice in a single request.",
);
test(
  "STEP SUCCEED twice",
  rejects,
  [],
  [stepSucceed("a"), stepSucceed("a")],
  "Cannot update the same operation twice in a single request.",
);
test("STEP START then SUCCEED in one request", accepts, [], [stepStart("a"), stepSucceed("a", "1")]);
test(
  "CONTEXT START then SUCCEED in one request",
  accepts,
  [],
  [contextStart("c"), { Id: "c", Type: "CONTEXT", Action: "SUCCEED", Payload: "1" }],
);
test("unknown parent", rejects, [], [stepStart("a", { ParentId: "nope" })], "Invalid parent operation id.");
test("parent that is a STEP", rejects, [stepStart("s")], [stepStart("a", { ParentId: "s" })], "Invalid parent operation id.");
test(
  "parent STARTed later in the request",
  rejects,
  [],
  [stepStart("a", { ParentId: "c" }), contextStart("c")],
  "Invalid parent operation id.",
);
test("parent STARTed earlier in the request", accepts, [], [contextStart("c"), stepStart("a", { ParentId: "c" })]);
test("parent CONTEXT that exists", accepts, [contextStart("c")], [stepStart("a", { ParentId: "c" })]);
test(
  "update with an Error over 32 KiB",
  rejects,
  [],
  [{ Id: "a", Type: "STEP", Action: "FAIL", Error: { ErrorMessage: "x".repeat(32_768) } }],
  "Error object size must be less than 32768 bytes.",
);

// Actions by type
test("unknown type", rejects, [], [{ Id: "a", Type: "FETCH" as never, Action: "START" }], "Unknown operation type.");
for (const [Type, Action] of [
  ["WAIT", "SUCCEED"],
  ["CALLBACK", "RETRY"],
  ["CHAINED_INVOKE", "FAIL"],
  ["CONTEXT", "RETRY"],
  ["STEP", "CANCEL"],
  ["EXECUTION", "START"],
] as const) {
  test(`${Type} ${Action}`, rejects, [], [{ Id: "a", Type, Action }], "Invalid action for the given operation type.");
}

// STEP transitions
test("STEP START while STARTED", rejects, [stepStart("a")], [stepStart("a")], "Invalid current STEP state to start.");
test("STEP SUCCEED after SUCCEEDED", rejects, [stepSucceed("a")], [stepSucceed("a")], "Invalid current STEP state to close.");
const retry = (Id: string, extra: Partial<OperationUpdate> = {}): OperationUpdate => ({
  Id,
  Type: "STEP",
  Action: "RETRY",
  StepOptions: { NextAttemptDelaySeconds: 5 },
  ...extra,
});
test("STEP RETRY while PENDING", rejects, [retry("a")], [retry("a")], "Invalid current STEP state to re-attempt.");
test(
  "STEP RETRY without StepOptions",
  rejects,
  [],
  [retry("a", { StepOptions: undefined })],
  "Invalid StepOptions for the given action.",
);
test(
  "STEP RETRY with Error and Payload",
  rejects,
  [],
  [retry("a", { Error: err, Payload: "1" })],
  "Cannot provide both error and payload to RETRY a STEP.",
);
test(
  "STEP FAIL with Payload",
  rejects,
  [],
  [{ Id: "a", Type: "STEP", Action: "FAIL", Payload: "1" }],
  "Cannot provide a Payload for FAIL action.",
);
test(
  "STEP SUCCEED with Error",
  rejects,
  [],
  [stepSucceed("a", undefined, { Error: err })],
  "Cannot provide an Error for SUCCEED action.",
);
test("STEP START while PENDING", rejects, [retry("a")], [stepStart("a")], "Invalid current STEP state to start.");

// CONTEXT transitions
test("CONTEXT START twice", rejects, [contextStart("c")], [contextStart("c")], "Cannot start a CONTEXT that already exists.");
test(
  "CONTEXT SUCCEED after FAILED",
  rejects,
  [{ Id: "c", Type: "CONTEXT", Action: "FAIL", Error: err }],
  [{ Id: "c", Type: "CONTEXT", Action: "SUCCEED" }],
  "Invalid current CONTEXT state to close.",
);
test(
  "CONTEXT FAIL with Payload",
  rejects,
  [],
  [{ Id: "c", Type: "CONTEXT", Action: "FAIL", Payload: "1" }],
  "Cannot provide a Payload for FAIL action.",
);
test(
  "CONTEXT SUCCEED with Error",
  rejects,
  [],
  [{ Id: "c", Type: "CONTEXT", Action: "SUCCEED", Error: err }],
  "Cannot provide an Error for SUCCEED action.",
);

// WAIT / CALLBACK / CHAINED_INVOKE
const invokeStart: OperationUpdate = {
  Id: "i",
  Type: "CHAINED_INVOKE",
  Action: "START",
  ChainedInvokeOptions: { FunctionName: "other" },
};
test("WAIT START twice", rejects, [waitStart("w", 5)], [waitStart("w", 5)], "Cannot start a WAIT that already exists.");
test(
  "CALLBACK START twice",
  rejects,
  [callbackStart("cb")],
  [callbackStart("cb")],
  "Cannot start a CALLBACK that already exists.",
);
test("CHAINED_INVOKE START twice", rejects, [invokeStart], [invokeStart], "Cannot start a CHAINED_INVOKE that already exists.");
test(
  "WAIT CANCEL of unknown",
  rejects,
  [],
  [{ Id: "w", Type: "WAIT", Action: "CANCEL" }],
  "Cannot cancel a WAIT that does not exist or has already completed.",
);
test("CALLBACK CANCEL after it was cancelled", (t) => {
  const r = running();
  r.cp([callbackStart("cb")]);
  r.cp([{ Id: "cb", Type: "CALLBACK", Action: "CANCEL" }]);
  const error = t.throws(() => r.cp([{ Id: "cb", Type: "CALLBACK", Action: "CANCEL" }]));
  t.is(error?.message, "Cannot cancel a CALLBACK that does not exist or has already completed.");
});
test(
  "WAIT START without WaitOptions",
  rejects,
  [],
  [{ Id: "w", Type: "WAIT", Action: "START" }],
  "Invalid WaitOptions for the given action.",
);
test(
  "CHAINED_INVOKE START without options",
  rejects,
  [],
  [{ Id: "i", Type: "CHAINED_INVOKE", Action: "START" }],
  "Invalid ChainedInvokeOptions for the given action.",
);
test(
  "a STEP Id reused as a WAIT",
  rejects,
  [stepSucceed("a")],
  [waitStart("a", 1)],
  "Cannot change the type of an existing operation.",
);

// EXECUTION
test(
  "EXECUTION SUCCEED with Error",
  rejects,
  [],
  [exec("SUCCEED", { Error: err })],
  "Cannot provide an Error for SUCCEED action.",
);
test("EXECUTION FAIL with Payload", rejects, [], [exec("FAIL", { Payload: "1" })], "Cannot provide a Payload for FAIL action.");

// Model constraints: ValidationException in the service's format (ADR 0004)
const VE = "ValidationException";
test(
  "SubType over 32 characters",
  rejects,
  [],
  [stepStart("a", { SubType: "S".repeat(33) })],
  `1 validation error detected: Value '${"S".repeat(33)}' at 'updates.1.member.subType' failed to satisfy constraint: Member must have length less than or equal to 32`,
  VE,
);
test(
  "Id over 64 characters",
  rejects,
  [],
  [stepStart("a".repeat(65))],
  /updates\.1\.member\.id' failed to satisfy constraint: Member must have length less than or equal to 64/,
  VE,
);
test(
  "Id with a space",
  rejects,
  [],
  [stepStart("a b")],
  /updates\.1\.member\.id' failed to satisfy constraint: Member must satisfy regular expression pattern: \[a-zA-Z0-9-_\]\+/,
  VE,
);
test("ParentId with a dot", rejects, [], [stepStart("a", { ParentId: "p.q" })], /member\.parentId'/, VE);
test(
  "Name over 256 characters",
  rejects,
  [],
  [stepStart("a", { Name: "n".repeat(257) })],
  /member\.name' failed to satisfy constraint: Member must have length less than or equal to 256/,
  VE,
);
test(
  "Name with a newline",
  rejects,
  [],
  [stepStart("a", { Name: "a\nb" })],
  /member\.name' failed to satisfy constraint: Member must satisfy regular expression pattern/,
  VE,
);
test(
  "WaitSeconds 0",
  rejects,
  [],
  [waitStart("w", 0)],
  /Value '0' at 'updates\.1\.member\.waitOptions\.waitSeconds' failed to satisfy constraint: Member must have value greater than or equal to 1/,
  VE,
);
test(
  "WaitSeconds over a year",
  rejects,
  [],
  [waitStart("w", 31_622_401)],
  /Member must have value less than or equal to 31622400/,
  VE,
);
test(
  "WaitSeconds not an integer",
  rejects,
  [],
  [waitStart("w", 1.5)],
  /waitSeconds' failed to satisfy constraint: Member must be an integer/,
  VE,
);
test(
  "NextAttemptDelaySeconds 0",
  rejects,
  [],
  [retry("a", { StepOptions: { NextAttemptDelaySeconds: 0 } })],
  /stepOptions\.nextAttemptDelaySeconds' failed/,
  VE,
);
test(
  "Payload over 6 MiB",
  rejects,
  [],
  [stepSucceed("a", "x".repeat(6_291_457))],
  /^1 validation error detected: Value at 'updates\.1\.member\.payload'/,
  VE,
);
test(
  "negative callback timeout",
  rejects,
  [],
  [callbackStart("cb", { TimeoutSeconds: -1 })],
  /callbackOptions\.timeoutSeconds/,
  VE,
);
test(
  "empty chained invoke FunctionName",
  rejects,
  [],
  [{ ...invokeStart, ChainedInvokeOptions: { FunctionName: "" } }],
  /chainedInvokeOptions\.functionName/,
  VE,
);
test(
  "several model errors are listed together, per update position",
  rejects,
  [],
  [stepStart("ok"), waitStart("w", 0, { SubType: "bad sub" })],
  /^2 validation errors detected: .*updates\.2\.member\.subType.*; .*updates\.2\.member\.waitOptions\.waitSeconds/,
  VE,
);

// Boundaries that must pass
test(
  "limits at their maximum",
  accepts,
  [],
  [
    stepStart("a".repeat(64), { Name: "n".repeat(256), SubType: "S".repeat(32) }),
    stepSucceed("a".repeat(64), "x".repeat(6_291_456)),
    waitStart("w", 31_622_400),
  ],
);
