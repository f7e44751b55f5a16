import test from "ava";
import { durable, ValidationError } from "../../src/index.js";
import { parseInvocationEvent } from "../../src/lambda/invocation-event.js";
import { readHistory } from "../../src/testing.js";
import { executionStarted, invocationEvent, succeededStep } from "../../src/testing/history-builders.js";
import { RecordingClient } from "../helpers/recording-client.js";

/**
 * One regression test per defect the bad-input tests in this folder found, named after
 * the finding, with the smallest input that showed it.
 */

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const good = () => invocationEvent([executionStarted(), succeededStep("1", 42, { name: "a" })]) as any;

test("finding: the event check's fast path accepted a CheckpointToken or ARN that is not a string, and sent it", async (t) => {
  for (const member of ["CheckpointToken", "DurableExecutionArn"]) {
    const event = { ...good(), [member]: ["an", "array"] };
    t.throws(() => parseInvocationEvent(event), { instanceOf: ValidationError, message: new RegExp(`at ${member}: Expected a string`) });
    const client = new RecordingClient({ send: async () => ({ CheckpointToken: "t", NewExecutionState: {} }) });
    await t.throwsAsync(durable(async (_e, ctx) => ctx.step("b", () => 1), { client, logger: quiet, dev: false })(event), { instanceOf: ValidationError });
    t.deepEqual(client.requests, [], "nothing was sent with the bad value");
  }
});

test("finding: the event check's fast path accepted details of the wrong type (a string Attempt, a numeric Result, an Error that is a string)", (t) => {
  const withStep = (details: object) => {
    const event = good();
    event.InitialExecutionState.Operations[1].StepDetails = details;
    return event;
  };
  t.throws(() => parseInvocationEvent(withStep({ Attempt: "3" })), { instanceOf: ValidationError, message: /Operations\.1\.StepDetails\.Attempt: Expected a number/ });
  t.throws(() => parseInvocationEvent(withStep({ Result: 42 })), { instanceOf: ValidationError, message: /StepDetails\.Result: Expected a string/ });
  t.throws(() => parseInvocationEvent(withStep({ Error: "boom" })), { instanceOf: ValidationError, message: /StepDetails\.Error: Expected an object/ });
  t.throws(() => parseInvocationEvent(withStep({ Error: { StackTrace: [1] } })), { instanceOf: ValidationError, message: /StepDetails\.Error\.StackTrace\.0/ });
  const event = good();
  event.InitialExecutionState.Operations.push({ Id: "w", Type: "WAIT", Status: "STARTED", WaitDetails: { ScheduledEndTimestamp: { at: 5 } } });
  t.throws(() => parseInvocationEvent(event), { instanceOf: ValidationError, message: /Operations\.2\.WaitDetails\.ScheduledEndTimestamp/ });
  t.notThrows(() => parseInvocationEvent(withStep({ Attempt: 2, Result: "1", Error: { ErrorType: "E", StackTrace: ["at x"] }, Extra: [1] })), "members the SDK does not read may be anything");
});

test("finding: the invocation event's message repeated the path (\"at X: At path: X -- ...\")", (t) => {
  const event = good();
  event.InitialExecutionState.Operations[1].Status = "DONE";
  const error = t.throws(() => parseInvocationEvent(event));
  t.is(error?.message.match(/Operations\.1\.Status/g)?.length, 1);
  t.regex(error!.message, /^Invalid durable invocation event at InitialExecutionState\.Operations\.1\.Status: Expected one of/);
});

test("finding: readHistory threw a RangeError (\"Invalid time value\") on a timestamp no Date can hold", (t) => {
  const history = [executionStarted(), { ...succeededStep("1", 1), StartTimestamp: 5.2e281 }, { ...succeededStep("2", 2), EndTimestamp: -1.7e308 }];
  const read = readHistory(history as never);
  t.is(read.operations[1]!.StartTimestamp, 5.2e281, "an unreadable timestamp is kept as it was");
  t.is(read.operations[2]!.StartTimestamp, "2026-01-01T00:00:00.000Z");
});

test("finding: a request the HTTP parser rejects was answered 400 with neither an error type nor a message", async (t) => {
  const { LocalDurableService } = await import("../../src/local/service/local-durable-service.js");
  const { createHttpServer } = await import("../../src/local/http/index.js");
  const { askRaw } = await import("./http-client.js");
  const service = new LocalDurableService({ clock: "virtual", closeGraceMs: 50 });
  const http = createHttpServer(service);
  const { port } = await http.listen();
  t.teardown(async () => {
    await http.close();
    await service.close();
  });
  // A body sent without its length after a request that has none: the parser sees garbage.
  const answer = await askRaw(port, Buffer.from(`DELETE /x HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n{"unframed": true}`));
  t.regex(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
  t.regex(answer, /\r\nx-amzn-errortype: InvalidRequestContentException\r\n/);
  t.regex(answer, /\{"message":"Malformed HTTP request: Parse Error: [^"]+"\}$/);
  const headers = await askRaw(port, Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`));
  t.regex(headers, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n[\s\S]*x-amzn-errortype: RequestHeaderFieldsTooLargeException/);
});

test("finding: a map itemName that threw escaped ctx.map() as the raw thrown value, not an Error", async (t) => {
  const seen: unknown[] = [];
  const handler = durable(
    async (_event, ctx) => {
      for (const thrown of [Object.create(null), "just words", new RangeError("bad index")]) {
        try {
          ctx.map("m", [1, 2], (item) => item.step("x", () => 1), {
            itemName: () => {
              throw thrown;
            },
          });
        } catch (error) {
          seen.push(error);
        }
      }
    },
    { client: { send: async () => ({}) }, logger: quiet, dev: false },
  );
  await handler(invocationEvent([executionStarted()]));
  t.is(seen.length, 3);
  t.true(seen.every((error) => error instanceof ValidationError));
  t.deepEqual(
    seen.map((error) => (error as Error).message),
    ['map("m"): naming item 0 threw {}', 'map("m"): naming item 0 threw just words', 'map("m"): naming item 0 threw RangeError: bad index'],
  );
});

/** Runs `body` in an invocation over an empty history; returns what it threw. */
async function thrownBy(body: (ctx: import("../../src/index.js").DurableContext) => unknown): Promise<unknown> {
  let thrown: unknown;
  await durable(
    async (_event, ctx) => {
      try {
        body(ctx);
      } catch (error) {
        thrown = error;
      }
    },
    { client: { send: async () => ({}) }, logger: quiet, dev: false },
  )(invocationEvent([executionStarted()]));
  return thrown;
}

test("finding: a runInChildContext subType outside the wire's [a-zA-Z0-9-_]{1,32} was accepted, and the service refused the START later", async (t) => {
  for (const subType of ["has space", "x".repeat(33), "", "e]z&kY"]) {
    const thrown = await thrownBy((ctx) => ctx.runInChildContext("kid", async () => 1, { subType }));
    t.true(thrown instanceof ValidationError, subType);
    t.regex((thrown as Error).message, /^runInChildContext\("kid"\): At path: subType -- Expected a string/);
  }
  t.is(await thrownBy((ctx) => ctx.runInChildContext("kid", async () => 1, { subType: "Custom-Sub_1" })), undefined);
});

test("finding: an invoke whose config name was a BigInt or a cycle threw a TypeError from building its own message", async (t) => {
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  for (const name of [10n, cycle]) {
    const thrown = await thrownBy((ctx) => ctx.invoke("other-fn", {}, { name: name as never }));
    t.true(thrown instanceof ValidationError);
    t.regex((thrown as Error).message, /^invoke\("other-fn", name <(bigint|object)>\): the name must be a string; got (bigint|object)$/);
  }
});

test("finding: a duration whose fields throw when read escaped wait() as that raw error, not a ValidationError", async (t) => {
  const hostile = new Proxy({}, { ownKeys: () => { throw new Error("no keys for you"); } });
  const thrown = await thrownBy((ctx) => ctx.wait("w", hostile as never));
  t.true(thrown instanceof ValidationError);
  t.is((thrown as Error).message, 'wait("w") duration: duration could not be read: no keys for you');
});
