// examples/reactive-timeout.ts as marble diagrams over service time: the credit bureau
// answers (or not) from a hot() timeline, the deadline is a real five-minute wait, and
// both outcomes of the race are drawn, then replayed from their recorded histories,
// where the checkpointed decision names the winner. Once end to end on LocalTestRunner.
// The example imports "durable-rx" by name (dist/), so the helpers come from the same
// copy: `npm run build` first.
import test from "ava";
import { throwError, type Observable } from "rxjs";
import { durableMarbles, LocalTestRunner, type DurableRunHelpers, type MarbleExecution, type RecordedHistory } from "durable-rx/testing";
import { handler, screeningWorkflow, type Application, type Decision, type ScreeningServices } from "../../examples/reactive-timeout.js";

const marbles = (t: { deepEqual(a: unknown, b: unknown): void }) => (actual: unknown, expected: unknown) => t.deepEqual(actual, expected);

const application: Application = { id: "a-9", applicant: "Ada", amount: 5000 };

/** Records what the workflow asked of the outside world, answering at once from cold() marbles. */
function recordingServices({ cold }: Pick<DurableRunHelpers, "cold">, calls: string[]): ScreeningServices {
  return {
    requestReport: (_application, callbackId) => {
      calls.push(`request report (callback ${callbackId ? "issued" : "missing"})`);
      return cold("(r|)", { r: "bureau-ref-1" });
    },
    refer: (_application, reason) => {
      calls.push(`refer: ${reason}`);
      return cold("(c|)", { c: "case-1" });
    },
  };
}

/** Services that must not be called: a replay answers from the history. */
function untouchable(calls: string[]): ScreeningServices {
  const refuse = (what: string) => (): Observable<never> => {
    calls.push(what);
    return throwError(() => new Error(`${what} ran during a replay`));
  };
  return { requestReport: refuse("requestReport"), refer: refuse("refer") };
}

const raceDecision = (history: RecordedHistory) => history.operations.find((op) => op.SubType === "Race")?.StepDetails?.Result;

/** Runs the workflow with the bureau answering per `bureau` (a hot() timeline of answers), returning the finished execution. */
function screen(
  t: { deepEqual(a: unknown, b: unknown): void },
  diagram: string,
  values: Record<string, Decision>,
  bureau?: { marbles: string; answer: (execution: MarbleExecution<Decision>) => void },
): { execution: MarbleExecution<Decision>; calls: string[] } {
  const calls: string[] = [];
  let execution!: MarbleExecution<Decision>;
  durableMarbles(marbles(t), (helpers) => {
    execution = helpers.execute(screeningWorkflow(recordingServices(helpers, calls)), { input: application });
    if (bureau) helpers.hot(bureau.marbles).subscribe(() => bureau.answer(execution));
    helpers.expectExecution(execution).toBe(diagram, values);
  });
  return { execution, calls };
}

test("the report wins: posted after 2 minutes, the application is decided then, and the deadline is called off", (t) => {
  const { execution, calls } = screen(t, "2m (d|)", { d: { decision: "approved", score: 720 } }, {
    marbles: "2m x",
    answer: (execution) => execution.succeedCallback("credit-report", JSON.stringify({ score: 720 })),
  });
  t.deepEqual(calls, ["request report (callback issued)"]);
  // The first invocation suspends on the race; the callback's answer invokes the function again.
  t.deepEqual(execution.invocations.map((i) => [i.startFrame, i.outcome]), [
    [0, "PENDING"],
    [120_000, "SUCCEEDED"],
  ]);
  t.is(raceDecision(execution.history()), "0", "the decision names the report, the first input");
  t.is(execution.history().operations.find((op) => op.Name === "deadline")?.Status, "CANCELLED", "the losing wait is cancelled");
});

test("a low score posted just before the deadline still wins: declined at 4m 59s", (t) => {
  screen(t, "4m 59s (d|)", { d: { decision: "declined", score: 580 } }, {
    marbles: "4m 59s x",
    answer: (execution) => execution.succeedCallback("credit-report", JSON.stringify({ score: 580 })),
  });
});

test("the deadline wins: no report within 5 minutes, an underwriter gets the case then", (t) => {
  const { execution, calls } = screen(t, "5m (r|)", { r: { decision: "referred", reason: "no credit report within 5 minutes", caseId: "case-1" } });
  t.deepEqual(calls, ["request report (callback issued)", "refer: no credit report within 5 minutes"]);
  t.deepEqual(execution.invocations.map((i) => [i.startFrame, i.outcome]), [
    [0, "PENDING"],
    [300_000, "SUCCEEDED"],
  ]);
  t.is(raceDecision(execution.history()), "1", "the decision names the deadline, the second input");
});

test("the bureau reports a failure after a minute: the failure settles the race, and an underwriter gets the case", (t) => {
  const { calls } = screen(t, "1m (r|)", { r: { decision: "referred", reason: "credit bureau failed: applicant not found", caseId: "case-1" } }, {
    marbles: "1m x",
    answer: (execution) => execution.failCallback("credit-report", { ErrorType: "BureauError", ErrorMessage: "applicant not found" }),
  });
  t.deepEqual(calls, ["request report (callback issued)", "refer: credit bureau failed: applicant not found"]);
});

test("both decisions replay from their recorded histories in one frame, asking nothing of the bureau or the underwriters", (t) => {
  const reported = screen(t, "2m (d|)", { d: { decision: "approved", score: 720 } }, {
    marbles: "2m x",
    answer: (execution) => execution.succeedCallback("credit-report", JSON.stringify({ score: 720 })),
  }).execution.history();
  const timedOut = screen(t, "5m (r|)", { r: { decision: "referred", reason: "no credit report within 5 minutes", caseId: "case-1" } }).execution.history();
  const calls: string[] = [];
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const workflow = screeningWorkflow(untouchable(calls));
    expectObservable(invocation(workflow, reported)).toBe("(d|)", { d: { decision: "approved", score: 720 } });
    expectObservable(invocation(workflow, timedOut)).toBe("(r|)", { r: { decision: "referred", reason: "no credit report within 5 minutes", caseId: "case-1" } });
  });
  t.deepEqual(calls, []);
});

test("end to end on LocalTestRunner: a report answered at once is decided in the second invocation; a silent bureau is referred after 5 minutes", async (t) => {
  const runner = new LocalTestRunner({ handler, startTime: Date.UTC(2026, 0, 1) });
  const answered = await runner.run({ input: application, callbacks: { "credit-report": { succeed: { score: 655 } } } });
  t.is(answered.status, "SUCCEEDED");
  t.deepEqual(answered.result, { decision: "approved", score: 655 });

  const silent = await runner.run({ input: application });
  t.is(silent.status, "SUCCEEDED");
  t.deepEqual(silent.result, { decision: "referred", reason: "no credit report within 5 minutes", caseId: "case-a-9" });
  t.like(silent.getOperation("deadline"), { type: "WAIT", status: "SUCCEEDED" });
  t.like(silent.getOperation("refer-to-underwriter"), { type: "STEP", status: "SUCCEEDED" });
  t.is(silent.invocations.length, 2);
  t.is(silent.invocations[1]!.startMs - silent.invocations[0]!.startMs, 5 * 60_000, "invoked again exactly when the deadline came due");
});
