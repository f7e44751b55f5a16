// The example imports "durable-rx" by name (dist/), so it runs on the same copy's
// in-process service: `npm run build` first.
import test from "ava";
import { DurableEngine, InProcessLambdaClient, runToCompletion, VirtualClock } from "durable-rx/local";
import { exportApi, handler } from "../../examples/polling.js";
import { RecordingClient } from "../helpers/recording-client.js";

test.serial("polling: each check is checkpointed with the job's state, runs once, and the result carries the URL", async (t) => {
  exportApi.calls = 0;
  const engine = new DurableEngine();
  const clock = new VirtualClock();
  const client = new RecordingClient(new InProcessLambdaClient(engine, { clock: clock.now }));
  const run = await runToCompletion(handler, { input: { report: "q3" }, engine, client, clock });
  t.is(run.status, "SUCCEEDED");
  t.deepEqual(JSON.parse(run.result!), { report: "q3", url: "https://reports.example.com/job-q3.csv", checks: 4 });
  t.is(exportApi.calls, 4, "no check ran twice: replays answer from the history");
  t.deepEqual(run.invocations.map((i) => ("status" in i ? i.status : "THREW")), ["PENDING", "PENDING", "PENDING", "SUCCEEDED"]);
  const polls = client.checkpoints.flat().filter((u) => u.Name === "export-finished");
  t.deepEqual(polls.map((u) => u.Action), ["START", "RETRY", "START", "RETRY", "START", "RETRY", "START", "SUCCEED"]);
  const retries = polls.filter((u) => u.Action === "RETRY");
  t.deepEqual(retries.map((u) => JSON.parse(u.Payload!).checks), [1, 2, 3]);
  // Full jitter over 5 s, 7.5 s, 11.25 s: at least 1 s, at most the base.
  retries.forEach((u, i) => {
    const delay = u.StepOptions!.NextAttemptDelaySeconds!;
    t.true(delay >= 1 && delay <= Math.round(5 * 1.5 ** i), `delay ${delay} after check ${i + 1}`);
  });
});
