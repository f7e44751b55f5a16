import { InvokeCommand, SendDurableExecutionCallbackSuccessCommand } from "@aws-sdk/client-lambda";
import { connect } from "node:net";
import test from "ava";
import { finalize, Observable } from "rxjs";
import { createHttpServer } from "../../../src/local/http/create-http-server.js";
import type { StreamedEvent } from "../../../src/local/http/event-stream.js";
import { eventFeedFrom } from "../../../src/local/http/service-event-feed.js";
import { ChildContextError } from "../../../src/index.js";
import { eventually, handler, serve } from "./service-over-http.js";
import { openEventStream, type SseFrame } from "./sse-client.js";

/**
 * `GET /events`: the service's event stream as server-sent events, per execution,
 * resumable with Last-Event-ID, with heartbeats, and released when the client goes.
 */

const encode = (value: string): Uint8Array => new TextEncoder().encode(value);
const data = (frame: SseFrame): any => (frame.data === undefined ? {} : JSON.parse(frame.data));

const approval = handler(async (_event, ctx) => {
  await ctx.step("prepare", () => "ready");
  try {
    return await ctx.waitForCallback("approval", () => undefined);
  } catch (error) {
    return { failed: error instanceof ChildContextError ? String(error.cause) : String(error) };
  }
});

test("events arrive in order as SSE blocks: the id is the event's seq, the event name its type", async (t) => {
  const { client, endpoint } = await serve(t, (s) => s.register("approval", approval));
  const stream = openEventStream(`${endpoint}/events`);
  t.teardown(() => stream.close());
  await stream.next((frame) => frame.comment === "durable-rx events");
  t.is(stream.status, 200);
  const { DurableExecutionArn: arn } = await client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event" }));
  const first = await stream.next();
  t.is(first.event, "operation.started");
  t.like(data(first), { executionArn: arn, operationType: "EXECUTION", seq: 1 });
  t.is(first.id, "1");
  const started = await stream.next((frame) => frame.event === "operation.started" && data(frame).operationType === "CALLBACK");
  const callbackId = data(started).detail.callbackId;
  await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: encode('"yes"') }));
  await stream.next((frame) => data(frame).detail?.eventType === "ExecutionSucceeded");
  const ids = stream.frames.filter((frame) => frame.id !== undefined).map((frame) => Number(frame.id));
  t.deepEqual(ids, ids.map((_, i) => i + 1), "every event once, in order, no gap");
  t.deepEqual(
    stream.frames.filter((frame) => frame.data !== undefined).map((frame) => data(frame).detail.eventType).slice(0, 5),
    ["ExecutionStarted", "InvocationStarted", "StepStarted", "StepSucceeded", "ContextStarted"],
  );
});

test("?executionArn= follows one execution only", async (t) => {
  const { client, endpoint } = await serve(t, (s) => s.register("approval", approval));
  const one = await client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event", DurableExecutionName: "one" }));
  const two = await client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event", DurableExecutionName: "two" }));
  await eventually(client, two.DurableExecutionArn as string, (e) => e.EventType === "CallbackStarted");
  const stream = openEventStream(`${endpoint}/events?executionArn=${encodeURIComponent(two.DurableExecutionArn as string)}`);
  t.teardown(() => stream.close());
  const callback = await stream.next((frame) => data(frame).detail?.eventType === "CallbackStarted");
  await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: data(callback).detail.callbackId, Result: encode("1") }));
  await stream.next((frame) => data(frame).detail?.eventType === "ExecutionSucceeded");
  const arns = new Set(stream.frames.filter((frame) => frame.data).map((frame) => data(frame).executionArn));
  t.deepEqual([...arns], [two.DurableExecutionArn]);
  t.not(one.DurableExecutionArn, two.DurableExecutionArn);
});

test("a client that reconnects with Last-Event-ID gets exactly the events after it", async (t) => {
  const { client, endpoint } = await serve(t, (s) => s.register("approval", approval));
  const { DurableExecutionArn: arn } = await client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event" }));
  const first = openEventStream(`${endpoint}/events`);
  const callback = await first.next((frame) => data(frame).detail?.eventType === "CallbackStarted");
  const seen = first.frames.filter((frame) => frame.id !== undefined);
  const lastId = seen[2].id as string;
  first.close();
  // Meanwhile the execution moves on.
  await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: data(callback).detail.callbackId, Result: encode('"ok"') }));
  await eventually(client, arn as string, (e) => e.EventType === "ExecutionSucceeded");

  const resumed = openEventStream(`${endpoint}/events`, { "last-event-id": lastId });
  t.teardown(() => resumed.close());
  const end = await resumed.next((frame) => data(frame).detail?.eventType === "ExecutionSucceeded");
  const ids = resumed.frames.filter((frame) => frame.id !== undefined).map((frame) => Number(frame.id));
  t.is(ids[0], Number(lastId) + 1);
  t.deepEqual(ids, ids.map((_, i) => Number(lastId) + 1 + i));
  t.is(Number(end.id), ids[ids.length - 1]);
  // The query parameter works too (EventSource cannot set headers on its first request).
  const byQuery = openEventStream(`${endpoint}/events?lastEventId=${ids.at(-2)}`);
  t.teardown(() => byQuery.close());
  t.is((await byQuery.next()).id, String(ids.at(-1)));
});

test("heartbeat comments keep an idle stream open; a client that hangs up releases its subscription", async (t) => {
  const { service } = await serve(t, (s) => s.register("approval", approval));
  let subscribed = 0;
  let released = 0;
  const feed = eventFeedFrom(service);
  const http = createHttpServer(service, {
    heartbeatMs: 20,
    events: {
      events: (query) => {
        subscribed += 1;
        return feed.events(query).pipe(finalize(() => (released += 1)));
      },
    },
  });
  const { endpoint } = await http.listen();
  t.teardown(() => http.close());
  const stream = openEventStream(`${endpoint}/events`);
  await stream.next((frame) => frame.comment === "heartbeat");
  await stream.next((frame) => frame.comment === "heartbeat");
  t.is(subscribed, 1);
  t.is(released, 0);
  stream.close();
  for (let i = 0; i < 200 && released === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  t.is(released, 1);
});

test("closing the server ends every open stream", async (t) => {
  const { service } = await serve(t, (s) => s.register("approval", approval));
  const http = createHttpServer(service, { events: eventFeedFrom(service) });
  const { endpoint } = await http.listen();
  const streams = [openEventStream(`${endpoint}/events`), openEventStream(`${endpoint}/events`)];
  await Promise.all(streams.map((stream) => stream.next((frame) => frame.comment === "durable-rx events")));
  await http.close();
  await Promise.all(streams.map((stream) => stream.untilEnded()));
  t.true(streams.every((stream) => stream.ended));
});

test("GET /events is guarded like the API: a rebound Host is refused", async (t) => {
  const { endpoint } = await serve(t, (s) => s.register("approval", approval));
  const stream = openEventStream(`${endpoint}/events`, { host: "attacker.example" });
  await stream.untilEnded();
  t.is(stream.status, 403);
});

test("a client that stops reading is cut off once far behind, and its subscription released", async (t) => {
  const { service } = await serve(t, (s) => s.register("approval", approval));
  let released = false;
  const big = "x".repeat(1024 * 1024);
  const http = createHttpServer(service, {
    events: {
      // Sixteen one-megabyte events at once, more than a stalled client may have queued.
      events: () =>
        new Observable<StreamedEvent>((subscriber) => {
          for (let i = 1; i <= 16 && !subscriber.closed; i++) subscriber.next({ id: String(i), type: "big", data: big });
          return () => (released = true);
        }),
    },
  });
  const { endpoint, port } = await http.listen();
  t.teardown(() => http.close());
  const socket = connect(port, "127.0.0.1");
  t.teardown(() => socket.destroy());
  socket.pause(); // never reads
  socket.write(`GET /events HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`);
  for (let i = 0; i < 400 && !released; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  t.true(released);
  t.truthy(endpoint);
});
