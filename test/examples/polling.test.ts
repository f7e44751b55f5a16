// examples/polling.ts on LocalTestRunner. The example imports "durable-rx" by name
// (dist/), so the runner comes from the same copy: `npm run build` first.
import test from "ava";
import { LocalTestRunner } from "durable-rx/testing";
import { exportApi, handler } from "../../examples/polling.js";

interface RetryDetails {
  CurrentAttempt: number;
  NextAttemptDelaySeconds?: number;
}

test.serial("polling: each check is checkpointed with the job's state, runs once, and the result carries the URL", async (t) => {
  exportApi.calls = 0;
  const result = await new LocalTestRunner({ handler }).run({ input: { report: "q3" } });
  t.is(result.status, "SUCCEEDED");
  t.deepEqual(result.result, { report: "q3", url: "https://reports.example.com/job-q3.csv", checks: 4 });
  t.is(exportApi.calls, 4, "no check ran twice: replays answer from the history");
  t.deepEqual(result.invocations.map((i) => i.outcome), ["PENDING", "PENDING", "PENDING", "SUCCEEDED"]);
  const poll = result.getOperation("export-finished");
  t.like(poll, { subType: "WaitForCondition", status: "SUCCEEDED", attempt: 4 });

  // Each check is a start and an outcome in the history; the first three ask for another check.
  const polls = result.history.filter((e) => e.Name === "export-finished");
  t.deepEqual(polls.map((e) => e.EventType), Array(4).fill(["StepStarted", "StepSucceeded"]).flat());
  const checks = polls.filter((e) => e.EventType === "StepSucceeded").map((e) => e.StepSucceededDetails as { Result: { Payload: string }; RetryDetails: RetryDetails });
  t.deepEqual(checks.map((c) => JSON.parse(c.Result.Payload).checks), [1, 2, 3, 4]);
  const delays = checks.slice(0, 3).map((c) => c.RetryDetails.NextAttemptDelaySeconds!);
  // Full jitter over 5 s, 7.5 s, 11.25 s: at least 1 s, at most the base.
  delays.forEach((delay, i) => t.true(delay >= 1 && delay <= Math.round(5 * 1.5 ** i), `delay ${delay} after check ${i + 1}`));
  // The virtual clock invokes each check exactly when its delay is up.
  const gaps = result.invocations.slice(1).map((invocation, i) => invocation.startMs - result.invocations[i].startMs);
  t.deepEqual(gaps, delays.map((seconds) => seconds * 1000));
});
