// A durable timeout in the reactive style: ask a credit bureau for a report, which it
// posts back to a callback whenever it is ready, and race it against a five-minute
// wait. If the report comes first the application is decided on its score; if the
// deadline comes first (or the bureau reports a failure) an underwriter gets the case.
// Between the request and the answer the function suspends and costs nothing.
//
// `ctx.race` checkpoints its decision (which input won), so a later invocation
// replays the same winner even if, by then, the other input has an answer too.
//
// The bureau and the underwriters come from `deps`, so a marble test can draw both
// outcomes over service time: a report after 2 minutes reads `2m (d|)`, no report
// reads `5m (r|)` (test/examples/reactive-timeout.test.ts).
//
// Run it: npx tsx examples/reactive-timeout.ts   (LocalTestRunner, virtual time)
import { pathToFileURL } from "node:url";
import { catchError, concatMap, map, of, switchMap, type Observable } from "rxjs";
import { durable, type DurableContext } from "durable-rx";

export interface Application {
  id: string;
  applicant: string;
  amount: number;
}

export interface CreditReport {
  score: number;
}

export type Decision =
  | { decision: "approved" | "declined"; score: number }
  | { decision: "referred"; reason: string; caseId: string };

export interface ScreeningServices {
  /** Asks the bureau for a report, to be posted to `callbackId`; answers the bureau's reference. */
  requestReport(application: Application, callbackId: string): Observable<string>;
  /** Opens an underwriter's case and answers its id. */
  refer(application: Application, reason: string): Observable<string>;
}

/** How long the bureau has, before an underwriter takes over. */
export const REPORT_DEADLINE = { minutes: 5 };
export const PASSING_SCORE = 650;

export function screeningWorkflow(services: ScreeningServices) {
  return (application: Application, ctx: DurableContext): Observable<Decision> => {
    const referTo = (reason: string) =>
      ctx.step("refer-to-underwriter", () => services.refer(application, reason)).pipe(map((caseId): Decision => ({ decision: "referred", reason, caseId })));
    // The callback, then the request that hands its id to the bureau, then the answer, in a
    // child context of their own. The child matters: a replayed race subscribes only to the
    // recorded winner, so operations a losing input would create later (the request step,
    // made once the callback has its id) are not created on replay; inside the child they
    // take the child's ids, and the ids after the race stay the same. (ctx.waitForCallback
    // does the same, but its child awaits internally: it cannot run in a marble test.)
    const report$ = ctx.runInChildContext("bureau", (child) =>
      child
        .createCallback<CreditReport>("credit-report")
        .pipe(switchMap(({ callbackId, result }) => child.step("request-report", () => services.requestReport(application, callbackId)).pipe(switchMap(() => result)))),
    );
    return ctx
      // The wait goes in as itself, not piped, so that the race can cancel it when the report wins.
      .race("report-or-deadline", [report$, ctx.wait("deadline", REPORT_DEADLINE)])
      .pipe(
        concatMap((report) => {
          // The wait emits nothing of its own: no report means the deadline won.
          if (report === undefined) return referTo("no credit report within 5 minutes");
          return of<Decision>({ decision: report.score >= PASSING_SCORE ? "approved" : "declined", score: report.score });
        }),
        // The race settles with the first input to settle, a failure included: a bureau that
        // reports an error is a case for an underwriter too. (Suspension never reaches catchError.)
        catchError((error: Error) => referTo(`credit bureau failed: ${error.message}`)),
      );
  };
}

/** Stand-ins: the request is sent at once; an underwriter's case id is made from the application's. */
export const demoServices: ScreeningServices = {
  requestReport: (application) => of(`bureau-ref-${application.id}`),
  refer: (application) => of(`case-${application.id}`),
};

const logger = { debug() {}, info() {}, warn: console.warn, error: console.error };

export const handler = durable(screeningWorkflow(demoServices), { logger });

export async function main(): Promise<void> {
  // The runner lives in durable-rx/testing: it answers callbacks for us and runs on a virtual clock.
  const { LocalTestRunner } = await import("durable-rx/testing");
  const runner = new LocalTestRunner({ handler });
  const answered = await runner.run({ input: { id: "a-1", applicant: "Ada", amount: 5000 }, callbacks: { "credit-report": { succeed: { score: 742 } } } });
  console.log(`the bureau answers: ${answered.status}, ${JSON.stringify(answered.result)}`);
  const silent = await runner.run({ input: { id: "a-2", applicant: "Bob", amount: 9000 } });
  console.log(`the bureau is silent: ${silent.status} after ${silent.invocations.length} invocations, ${JSON.stringify(silent.result)}`);
  if (answered.status !== "SUCCEEDED" || silent.status !== "SUCCEEDED") process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
