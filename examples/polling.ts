// Polling with waitForCondition: start a report export, then check on it until it is
// done. Every check is checkpointed with the job's state; between checks the function
// suspends and costs nothing, and the service invokes it again when the next check is
// due. The wait strategy backs off (5 s, 7.5 s, 11 s, … up to 5 minutes) and the whole
// wait gives up after an hour with a WaitForConditionError.
//
// Run it: npx tsx examples/polling.ts   (the in-process service, virtual time)
import { pathToFileURL } from "node:url";
import { durable, WaitForConditionError, WaitStrategy } from "durable-rx";
import { runToCompletion } from "durable-rx/local";

/** A stand-in for a remote export API: a job is done on its fourth status call. */
export const exportApi = {
  calls: 0,
  async start(report: string): Promise<string> {
    return `job-${report}`;
  },
  async status(jobId: string): Promise<{ jobId: string; status: "RUNNING" | "DONE"; url?: string }> {
    this.calls++;
    return this.calls < 4 ? { jobId, status: "RUNNING" } : { jobId, status: "DONE", url: `https://reports.example.com/${jobId}.csv` };
  },
};

type Job = { jobId: string; status: "RUNNING" | "DONE"; url?: string; checks: number };

export const handler = durable(
  async (event: { report: string }, ctx) => {
    const jobId = await ctx.step("start-export", () => exportApi.start(event.report));
    try {
      const job = await ctx.waitForCondition(
        "export-finished",
        async (job: Job) => ({ ...(await exportApi.status(job.jobId)), checks: job.checks + 1 }),
        {
          initialState: { jobId, status: "RUNNING", checks: 0 } as Job,
          waitStrategy: WaitStrategy.exponential({ shouldContinuePolling: (job) => job.status === "RUNNING" }),
          timeout: { hours: 1 },
        },
      );
      return { report: event.report, url: job.url, checks: job.checks };
    } catch (error) {
      if (error instanceof WaitForConditionError) return { report: event.report, failed: error.message };
      throw error;
    }
  },
  { logger: { debug() {}, info() {}, warn: console.warn, error: console.error } },
);

export async function main(): Promise<void> {
  const run = await runToCompletion(handler, { input: { report: "q3-sales" }, clock: "virtual" });
  console.log(`execution ${run.arn}`);
  run.invocations.forEach((invocation, i) => console.log(`  invocation ${i + 1}: ${"status" in invocation ? invocation.status : "THREW"}`));
  console.log(`export API status calls: ${exportApi.calls}`);
  console.log(`status: ${run.status}`);
  console.log(`result: ${run.result}`);
  if (run.status !== "SUCCEEDED") process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
