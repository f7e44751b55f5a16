import test from "ava";
import { filter, firstValueFrom, takeWhile, toArray } from "rxjs";
import { Retry, type DurableEvent } from "../../src/index.js";
import type { LocalServiceEvent } from "../../src/local/service/history-to-event.js";
import { openEventStream } from "../local/http/sse-client.js";
import { callbackIdOf, handler, virtualService } from "../local/service/helpers.js";

/**
 * The local service's stream (ADR 0020) seen from the consumers issue 9 names: exactly
 * one event per history change with executions interleaving, resumption from any id,
 * a browser-like SSE client that loses its connection mid-execution, and how it differs
 * from the SDK's own events of the same execution.
 */

/** Steps, a retry, a wait and a callback: four invocations, every kind of change. */
const claim = handler(async (event: { id: number }, ctx) => {
  await ctx.step("validate", () => event.id);
  await ctx.step(
    "reserve",
    ({ attempt }) => {
      if (attempt === 1) throw new Error("busy");
      return "reserved";
    },
    { retry: Retry.fixed({ maxAttempts: 2, delay: { seconds: 3 } }) },
  );
  await ctx.wait("settle", { seconds: 10 });
  const approval = await ctx.createCallback<string>("approval");
  return approval.result;
});

/** Runs `count` claims at once; each callback is answered as soon as the stream shows it. */
async function runClaims(count: number) {
  const service = virtualService().register("claim", claim);
  const answering = service.events$
    .pipe(filter((e) => e.detail.eventType === "CallbackStarted"))
    .subscribe((e) => void service.sendDurableExecutionCallbackSuccess({ CallbackId: e.detail.callbackId as string, Result: `"ok ${e.executionArn.slice(-4)}"` }));
  const arns = Array.from({ length: count }, (_, i) => service.start("claim", { id: i }));
  const done = await Promise.all(arns.map((arn) => service.waitForEnd(arn)));
  answering.unsubscribe();
  await new Promise((resolve) => setImmediate(resolve));
  return { service, arns, done };
}

test("executions interleaving: every history event of each appears once, numbered 1..N, each execution in its own order", async (t) => {
  const { service, arns, done } = await runClaims(5);
  t.true(done.every((execution) => execution.status === "SUCCEEDED"));
  const all = service.eventsSince(0);
  t.deepEqual(
    all.map((e) => e.seq),
    all.map((_, i) => i + 1),
  );
  for (const arn of arns) {
    const mine = all.filter((e) => e.executionArn === arn);
    t.deepEqual(
      mine.filter((e) => e.detail.eventId !== undefined).map((e) => e.detail.eventId),
      service.history(arn).map((e) => e.EventId),
      "each history event exactly once, in the history's order",
    );
    t.deepEqual(
      mine.filter((e) => e.type === "invocation.started").map((e) => e.detail.invocation),
      [1, 2, 3, 4],
    );
  }
  t.is(new Set(all.map((e) => `${e.executionArn} ${e.detail.eventId ?? `i${e.detail.invocation}`}`)).size, all.length, "no change twice");
  await service.close();
});

test("resuming after any id gives exactly the rest, for the whole stream and for one execution", async (t) => {
  const { service, arns } = await runClaims(2);
  const all = service.eventsSince(0);
  for (let after = 0; after <= all.length; after++) {
    t.deepEqual(service.eventsSince(after), all.slice(after));
    t.deepEqual(service.eventsSince(after, { executionArn: arns[1] }), all.slice(after).filter((e) => e.executionArn === arns[1]));
  }
  // The live variant replays the same backlog before anything new.
  const last = all.length;
  for (const after of [0, 1, Math.floor(last / 2), last - 1]) {
    const read = await firstValueFrom(service.eventsFrom$(after).pipe(takeWhile((e) => e.seq < last, true), toArray()));
    t.deepEqual(read, all.slice(after));
  }
  await service.close();
});

test("SSE: a client that loses its connection mid-execution and comes back with Last-Event-ID sees every event once", async (t) => {
  const service = virtualService().register("claim", claim);
  const { endpoint } = await service.listen();
  t.teardown(() => service.close());
  const arn = service.start("claim", { id: 1 });
  const url = `${endpoint}/events?executionArn=${encodeURIComponent(arn)}`;
  const received: LocalServiceEvent[] = [];
  const readUntil = async (headers: Record<string, string>, stop: (e: LocalServiceEvent) => boolean) => {
    const stream = openEventStream(url, headers);
    try {
      for (;;) {
        const frame = await stream.next();
        const event = JSON.parse(frame.data as string) as LocalServiceEvent;
        t.is(frame.id, String(event.seq));
        received.push(event);
        if (stop(event)) return event;
      }
    } finally {
      stream.close();
    }
  };
  // First connection: drops as soon as the retry is on the wire.
  let last = await readUntil({}, (e) => e.type === "operation.retrying");
  // Second: resumes, and drops when the callback starts (the execution waits for it).
  last = await readUntil({ "last-event-id": String(last.seq) }, (e) => e.detail.eventType === "CallbackStarted");
  const callbackId = await callbackIdOf(service, "approval", arn);
  // While nobody is connected, the execution finishes.
  await service.sendDurableExecutionCallbackSuccess({ CallbackId: callbackId, Result: '"late"' });
  await service.waitForEnd(arn);
  await readUntil({ "last-event-id": String(last.seq) }, (e) => e.detail.eventType === "ExecutionSucceeded");
  t.deepEqual(received, service.eventsSince(0, { executionArn: arn }));
});

test("the SDK's events repeat replayed operations (tagged replay); the service's stream has each change once", async (t) => {
  const sdk: DurableEvent[] = [];
  const service = virtualService().register(
    "claim",
    handler(async (event: { id: number }, ctx) => {
      await ctx.step("validate", () => event.id);
      await ctx.wait("settle", { seconds: 10 });
      await ctx.wait("again", { seconds: 10 });
      return ctx.step("finish", () => "done");
    }, { events: (e) => sdk.push(e) }),
  );
  const { arn } = await service.run("claim", { id: 1 });
  await new Promise((resolve) => setImmediate(resolve));
  const fromService = service.eventsSince(0, { executionArn: arn });
  const succeeded = (events: DurableEvent[]) => events.filter((e) => e.type === "operation.succeeded" && e.operationType !== "EXECUTION").map((e) => e.name);
  t.deepEqual(succeeded(fromService), ["validate", "settle", "again", "finish"]);
  t.true(fromService.every((e) => e.replay === false));
  // The SDK saw "validate" run once, then replay in each later invocation; a wait ends in
  // the service, so the SDK only ever sees it replayed.
  t.deepEqual(succeeded(sdk), ["validate", "finish"]);
  t.deepEqual(
    sdk.filter((e) => e.type === "operation.replayed").map((e) => [e.name, e.replay]),
    [
      ["validate", true],
      ["settle", true],
      ["validate", true],
      ["settle", true],
      ["again", true],
    ],
  );
  t.is(sdk.filter((e) => e.type === "invocation.started").length, fromService.filter((e) => e.type === "invocation.started").length);
  await service.close();
});
