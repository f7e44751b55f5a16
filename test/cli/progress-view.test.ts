import test from "ava";
import type { CommandIo } from "../../src/cli/command-io.js";
import { describeServiceEvent } from "../../src/cli/event-lines.js";
import { formatDuration, table } from "../../src/cli/format.js";
import { describeEvent } from "../../src/cli/history-lines.js";
import { operationTable } from "../../src/cli/operation-table.js";
import { ProgressView } from "../../src/cli/progress-view.js";
import type { LocalServiceEvent } from "../../src/local/service/history-to-event.js";

/** The CLI's renderers on their own: event lines, the live footer, tables, durations. */

const ARN = "arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST/durable-execution/order-7/abc";
const T0 = Date.UTC(2025, 0, 1);
let seq = 0;
const event = (fields: Partial<LocalServiceEvent> & Pick<LocalServiceEvent, "type">, eventType = "X"): LocalServiceEvent =>
  ({ executionArn: ARN, replay: false, at: T0, seq: ++seq, detail: { eventType }, ...fields }) as LocalServiceEvent;

function captureIo(isTty: boolean) {
  let screen = "";
  const io: CommandIo = {
    out: (line) => (screen += `${line}\n`),
    err: () => undefined,
    write: (text) => (screen += text),
    env: {},
    isTty,
    columns: 100,
  };
  return { io, screen: () => screen };
}

test("each kind of event reads as one line of words", (t) => {
  const step = { operationId: "s1", name: "charge", operationType: "STEP" as const, subType: "Step" };
  t.is(describeServiceEvent(event({ type: "operation.started", ...step, attempt: 1 })), 'step "charge" started');
  t.is(describeServiceEvent(event({ type: "operation.started", ...step, attempt: 3 })), 'step "charge" started (attempt 3)');
  t.is(
    describeServiceEvent(event({ type: "operation.retrying", ...step, attempt: 1, error: { name: "Error", message: "busy" } })),
    'step "charge" attempt 1 failed: Error: busy; will retry',
  );
  t.is(describeServiceEvent(event({ type: "operation.succeeded", ...step, durationMs: 2500 })), 'step "charge" succeeded in 2.5s');
  t.is(
    describeServiceEvent(event({ type: "operation.failed", ...step, durationMs: 5, error: { name: "TypeError", message: "bad\ninput" } }, "StepFailed")),
    'step "charge" failed in 5ms: TypeError: bad input',
  );
  t.is(
    describeServiceEvent(event({ type: "operation.failed", operationId: "c", name: "ok?", operationType: "CALLBACK", subType: "Callback" }, "CallbackTimedOut")),
    'callback "ok?" timed out',
  );
  t.is(
    describeServiceEvent(event({ type: "operation.started", operationId: "x", operationType: "CONTEXT", subType: "RunInChildContext", name: "ship" })),
    'context[RunInChildContext] "ship" started',
  );
  t.is(describeServiceEvent(event({ type: "operation.started", operationId: "c4ca4238a0b92382", operationType: "WAIT" })), "wait c4ca4238a0b92382 started");
  t.is(describeServiceEvent(event({ type: "operation.started", operationType: "EXECUTION" }, "ExecutionStarted")), "execution STARTED");
  t.is(
    describeServiceEvent(event({ type: "operation.failed", operationType: "EXECUTION", error: { name: "Stopped", message: "by hand" } }, "ExecutionTimedOut")),
    "execution TIMED_OUT: Stopped: by hand",
  );
  t.is(
    describeServiceEvent({ ...event({ type: "invocation.started" }), detail: { eventType: "InvocationStarted", invocation: 2 } }),
    "invocation 2 started",
  );
  t.is(
    describeServiceEvent({ ...event({ type: "invocation.suspended", durationMs: 12 }), detail: { eventType: "InvocationCompleted", invocation: 2, outcome: "PENDING" } }),
    "invocation 2 suspended (PENDING) after 12ms",
  );
  t.is(
    describeServiceEvent({
      ...event({ type: "invocation.completed", durationMs: 3, error: { name: "Error", message: "crash" } }),
      detail: { eventType: "InvocationCompleted", invocation: 1, outcome: "THREW" },
    }),
    "invocation 1 threw after 3ms: Error: crash",
  );
});

test("plain output: one stamped line per event, children indented, no escape sequences", (t) => {
  const { io, screen } = captureIo(false);
  const view = new ProgressView(io);
  view.onEvent(event({ type: "operation.started", operationId: "ctx", name: "ship", operationType: "CONTEXT", subType: "RunInChildContext" }));
  view.onEvent(event({ type: "operation.started", operationId: "s", parentId: "ctx", name: "label", operationType: "STEP", subType: "Step", at: T0 + 1500 }));
  view.onEvent(event({ type: "operation.succeeded", operationId: "s", parentId: "ctx", name: "label", operationType: "STEP", durationMs: 0, at: T0 + 3_600_000 }));
  view.hint("a hint");
  view.close();
  t.is(
    screen(),
    [
      '     +0ms  context[RunInChildContext] "ship" started',
      '    +1.5s    step "label" started',
      '   +1h 0m    step "label" succeeded in 0ms',
      "           a hint",
      "",
    ].join("\n"),
  );
});

test("on a terminal a footer names the open operations and is redrawn under each new line", (t) => {
  const { io, screen } = captureIo(true);
  const view = new ProgressView(io);
  view.onEvent(event({ type: "operation.started", operationId: "a", name: "charge", operationType: "STEP" }));
  t.true(screen().endsWith('          … open: step "charge"'));
  view.onEvent(event({ type: "operation.started", operationId: "w", name: "cool-off", operationType: "WAIT" }));
  t.true(screen().includes('\r\x1b[2K     +0ms  wait "cool-off" started\n'), "the old footer is erased before the next line");
  t.true(screen().endsWith('          … open: step "charge", wait "cool-off"'));
  view.onEvent(event({ type: "operation.succeeded", operationId: "a", name: "charge", operationType: "STEP", durationMs: 1 }));
  t.true(screen().endsWith('          … open: wait "cool-off"'));
  view.onEvent(event({ type: "operation.succeeded", operationId: "w", name: "cool-off", operationType: "WAIT", durationMs: 1 }));
  t.true(screen().endsWith('wait "cool-off" succeeded in 1ms\n'), "no footer once nothing is open");
});

test("in `dev`, lines name their execution", (t) => {
  const { io, screen } = captureIo(false);
  new ProgressView(io, true).onEvent(event({ type: "operation.started", operationId: "a", name: "charge", operationType: "STEP" }));
  t.is(screen(), '     +0ms  order-7  step "charge" started\n');
});

test("the operation table: children under their context, attempts, service time, result or error", (t) => {
  const lines = operationTable(
    [
      { Id: "e", Type: "EXECUTION", Status: "STARTED" },
      { Id: "a", Name: "charge", Type: "STEP", SubType: "Step", Status: "SUCCEEDED", StartTimestamp: T0, EndTimestamp: T0 + 5000, StepDetails: { Attempt: 2, Result: '"pay-1"' } },
      { Id: "c", Name: "ship", Type: "CONTEXT", SubType: "RunInChildContext", Status: "FAILED", StartTimestamp: T0, EndTimestamp: T0 + 10, ContextDetails: { Error: { ErrorType: "StepError", ErrorMessage: "no\nlabel" } } },
      { Id: "l", ParentId: "c", Name: "label", Type: "STEP", Status: "FAILED", StartTimestamp: T0, StepDetails: { Attempt: 1 } },
      { Id: "w", Type: "WAIT", Status: "STARTED", StartTimestamp: T0 },
    ],
    120,
  );
  t.deepEqual(lines, [
    "operation                          status     attempt  took  result / error",
    'step "charge"                      SUCCEEDED  2        5s    "pay-1"',
    'context[RunInChildContext] "ship"  FAILED              10ms  StepError: no label',
    '  step "label"                     FAILED     1',
    "wait w                             STARTED",
  ]);
  t.deepEqual(operationTable([{ Id: "e", Type: "EXECUTION", Status: "STARTED" }], 80), ["(no operations)"]);
});

test("tables cut the last column to the width; durations read at a glance", (t) => {
  const [header, row] = table(["a", "detail"], [["x", "y".repeat(50)]], 20);
  t.is(header, "a  detail");
  t.is(row, `x  ${"y".repeat(16)}…`);
  t.deepEqual(
    [0, 999, 1000, 1500, 12_000, 61_000, 3_600_000, 90_000_000, 200_000_000].map(formatDuration),
    ["0ms", "999ms", "1s", "1.5s", "12s", "1m 1s", "1h 0m", "25h 0m", "2d 7h"],
  );
});

test("history details: payloads, errors, attempts, retry delays, durations, callback ids", (t) => {
  t.is(describeEvent({ EventType: "StepFailed", StepFailedDetails: { Error: { Payload: { ErrorType: "Error", ErrorMessage: "busy" } }, RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 5 } } } as never), "Error: busy, attempt 1, retry in 5s");
  t.is(describeEvent({ EventType: "WaitStarted", WaitStartedDetails: { Duration: 3600 } } as never), "1h 0m");
  t.is(describeEvent({ EventType: "ExecutionStarted", ExecutionStartedDetails: { Input: { Payload: '{\n"a":1}' } } } as never), '{ "a":1}');
  t.is(describeEvent({ EventType: "CallbackStarted", CallbackStartedDetails: { CallbackId: "abc=" } } as never), "callback abc=");
  t.is(
    describeEvent({ EventType: "InvocationCompleted", InvocationCompletedDetails: { StartTimestamp: new Date(T0), EndTimestamp: new Date(T0 + 40) } } as never),
    "ran 40ms",
  );
});
