import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "ava";
import type { ExecutionStore } from "../../../src/local/engine/store.js";
import { INVOCATION_RETRY_BASE_MS } from "../../../src/local/service/invocation-retry.js";
import { LocalDurableService } from "../../../src/local/service/local-durable-service.js";
import { MemoryExecutionStore } from "../../../src/local/store/memory-store.js";
import type { LocalDurableServiceOptions } from "../../../src/local/service/service-options.js";
import { callbackIdOf, handler, nextEvent, T0, virtualService } from "./helpers.js";

/**
 * A service closed in the middle of an execution, and a new one opened on the same
 * store: on a SQLite file (what survives a process restart), and on one memory store
 * shared by both (the same rules, without the disk).
 */
const stores: [string, () => { store: LocalDurableServiceOptions["store"]; dispose(): void }][] = [
  [
    "SQLite file",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "durable-rx-restart-"));
      return { store: { sqlite: join(dir, "executions.db") }, dispose: () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
  [
    "shared memory store",
    () => {
      const store: ExecutionStore = new MemoryExecutionStore();
      return { store, dispose: () => undefined };
    },
  ],
];

const DAY = 86_400_000;

const waitsADay = handler(async (event: { order: number }, ctx) => {
  const price = await ctx.step("price", () => event.order * 10);
  await ctx.wait("a day", { days: 1 });
  return price;
});

const awaitsApproval = handler(async (_event, ctx) => {
  const approval = await ctx.createCallback<string>("approval");
  return `approved by ${await approval.result}`;
});

for (const [kind, open] of stores) {
  test(`${kind}: an execution waiting on a timer finishes after a restart`, async (t) => {
    const { store, dispose } = open();
    t.teardown(dispose);
    const first = virtualService({ store }).register("orders", waitsADay);
    const arn = first.start("orders", { order: 4 });
    await nextEvent(first, (e) => e.type === "invocation.suspended");
    await first.close();

    // The step is not run again (its result is in the store); the wait fires at its time.
    const second = virtualService({ store }).register("orders", waitsADay);
    const done = await second.waitForEnd(arn);
    t.is(done.result, "40");
    t.deepEqual(
      done.invocations.map((i) => [i.startMs - T0, i.outcome]),
      [
        [0, "PENDING"],
        [DAY, "SUCCEEDED"],
      ],
    );
    t.is(second.history(arn).filter((e) => e.EventType === "StepStarted").length, 1);
    await second.close();
  });

  test(`${kind}: a callback sent after the restart still completes the execution`, async (t) => {
    const { store, dispose } = open();
    t.teardown(dispose);
    const first = virtualService({ store }).register("approvals", awaitsApproval);
    const arn = first.start("approvals");
    const callbackId = await callbackIdOf(first, "approval", arn);
    await nextEvent(first, (e) => e.type === "invocation.suspended");
    await first.close();

    const second = virtualService({ store }).register("approvals", awaitsApproval);
    t.is(second.execution(arn).status, "RUNNING");
    await second.sendDurableExecutionCallbackSuccess({ CallbackId: callbackId, Result: '"ada"' });
    t.is((await second.waitForEnd(arn)).result, '"approved by ada"');
    await second.close();
  });

  test(`${kind}: an invocation cut off by the restart is recorded as crashed and run again`, async (t) => {
    const { store, dispose } = open();
    t.teardown(dispose);
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    t.teardown(() => release());
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = virtualService({ store, closeGraceMs: 0 }).register(
      "orders",
      handler(async () => {
        entered();
        await stuck;
        return "from the old process";
      }),
    );
    const arn = first.start("orders");
    await inside;
    await first.close();

    const second = virtualService({ store }).register(
      "orders",
      handler(async () => "from the new process"),
    );
    const done = await second.waitForEnd(arn);
    t.is(done.result, '"from the new process"');
    t.like(done.invocations[0], { outcome: "THREW", error: { ErrorType: "Runtime.ExitError" } });
    t.is(done.invocations[1].startMs, (done.invocations[0].endMs ?? 0) + INVOCATION_RETRY_BASE_MS);
    release();
    await second.close();
  });
}

test("real clock: a wait that came due while the service was down fires as soon as it reopens", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "durable-rx-restart-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = { sqlite: join(dir, "executions.db") };
  const fn = handler(async (_event, ctx) => {
    await ctx.wait("short", { seconds: 1 });
    return "woke";
  });
  const first = new LocalDurableService({ store, clock: "real" }).register("fn", fn);
  const arn = first.start("fn");
  const suspended = await nextEvent(first, (e) => e.type === "invocation.suspended");
  await first.close();
  // Down past the wait's end.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const second = new LocalDurableService({ store, clock: "real" }).register("fn", fn);
  const done = await second.waitForEnd(arn);
  t.is(done.result, '"woke"');
  t.true((done.invocations[1].startMs ?? 0) - suspended.at >= 1000);
  await second.close();
});
