import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import test from "ava";
import { LocalDurableService } from "../../../src/local/service/local-durable-service.js";
import { handler, nextEvent } from "./helpers.js";

test("real clock: a wait ends at its time, not before", async (t) => {
  const service = new LocalDurableService({ clock: "real" }).register(
    "fn",
    handler(async (_event, ctx) => {
      await ctx.wait("short", { seconds: 1 });
      return "woke";
    }),
  );
  const done = await service.run("fn");
  t.is(done.result, '"woke"');
  const scheduledEnd = done.operations.find((op) => op.Type === "WAIT")?.WaitDetails?.ScheduledEndTimestamp as number;
  t.true(done.invocations[1].startMs >= scheduledEnd);
  t.true(scheduledEnd - done.invocations[0].startMs >= 1000);
  await service.close();
});

test("real clock: a callback over the API wakes a suspended execution at once, with no polling", async (t) => {
  const service = new LocalDurableService({ clock: "real" }).register(
    "fn",
    handler(async (_event, ctx) => {
      const approval = await ctx.createCallback<string>("approval", { timeout: { days: 1 } });
      return approval.result;
    }),
  );
  const arn = service.start("fn");
  const started = await nextEvent(service, (e) => e.detail.eventType === "CallbackStarted");
  await nextEvent(service, (e) => e.type === "invocation.suspended");
  await service.sendDurableExecutionCallbackSuccess({ CallbackId: started.detail.callbackId as string, Result: '"ok"' });
  t.is((await service.waitForEnd(arn)).result, '"ok"');
  await service.close();
});

test("real clock: an idle service whose next timer is an hour away does not keep the process alive", async (t) => {
  const service = fileURLToPath(new URL("../../../src/local/service/local-durable-service.ts", import.meta.url));
  const index = fileURLToPath(new URL("../../../src/index.ts", import.meta.url));
  const script = `
    const { LocalDurableService } = await import(${JSON.stringify(service)});
    const { durable } = await import(${JSON.stringify(index)});
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const s = new LocalDurableService({ clock: "real" });
    s.register("fn", durable(async (_e, ctx) => { await ctx.wait("later", { hours: 1 }); }, { logger: quiet, dev: false }));
    s.start("fn");
    s.events$.subscribe((e) => { if (e.type === "invocation.suspended") console.log("suspended"); });
  `;
  const child = spawn(process.execPath, [...process.execArgv, "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  t.teardown(() => child.kill());
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // If the service's timer held the event loop, the process would never exit and ava would time the test out.
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  t.is(code, 0);
  t.is(output.trim(), "suspended");
});
