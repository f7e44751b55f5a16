import { LambdaClient } from "@aws-sdk/client-lambda";
import test from "ava";
import fc from "fast-check";
import { durable } from "../../src/index.js";
import { createHttpServer, eventFeedFrom } from "../../src/local/http/index.js";
import { sequentialIds } from "../../src/local/engine/index.js";
import { LocalDurableService } from "../../src/local/service/local-durable-service.js";
import { VirtualClock } from "../../src/local/virtual-clock.js";
import type { DurableExecutionInvocationInput, OperationUpdate } from "../../src/wire/types.js";
import { ask, askRaw, type Answer } from "./http-client.js";
import { fuzzParams, jsonHostile } from "./fuzz-support.js";

/**
 * Every HTTP request of the local service, made bad in every way we could think of, while
 * a healthy execution runs through the same server: each answer is an error in the
 * model's shape (status, `x-amzn-errortype`, a message) or a success, never a 500, never
 * a crash; a rejected checkpoint changes nothing; and the healthy execution finishes
 * with its result.
 */

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const T0 = Date.UTC(2025, 0, 1);
const EXECUTIONS = "/2025-12-01/durable-executions";
const CALLBACKS = "/2025-12-01/durable-execution-callbacks";

interface Fixture {
  service: LocalDurableService;
  port: number;
  internalErrors: unknown[];
  healthyArn: string;
  victimArn: string;
  callbackId: string;
  held: ReturnType<typeof heldInvocations>;
  client: LambdaClient;
  close(): Promise<void>;
}

/**
 * A raw handler that keeps each invocation open until the test releases it, and hands the
 * test its event (so its live token). Released invocations answer FAILED, which ends the
 * execution: nothing of it is invoked again, and an invocation left open would stop the
 * virtual clock (it only moves while nothing runs), and with it the healthy execution.
 */
function heldInvocations() {
  const waiting: Array<(held: Held) => void> = [];
  const ready: Held[] = [];
  return {
    handler: (event: DurableExecutionInvocationInput) =>
      new Promise((answer) => {
        const held = { event, release: () => answer({ Status: "FAILED", Error: { ErrorType: "Released", ErrorMessage: "released by the test" } }) };
        const next = waiting.shift();
        if (next) next(held);
        else ready.push(held);
      }),
    next: () => new Promise<Held>((resolve) => (ready.length > 0 ? resolve(ready.shift()!) : waiting.push(resolve))),
  };
}

interface Held {
  event: DurableExecutionInvocationInput;
  release(): void;
}

async function setUp(): Promise<Fixture> {
  const service = new LocalDurableService({ clock: new VirtualClock(T0), engine: { ids: sequentialIds() }, closeGraceMs: 50 });
  const internalErrors: unknown[] = [];
  const http = createHttpServer(service, { events: eventFeedFrom(service), views: service, onInternalError: (error) => internalErrors.push(error) });
  const { endpoint, port } = await http.listen();
  const client = new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
  const held = heldInvocations();
  service.register("held", held.handler as never);
  service.register("quick", durable(async (input: unknown) => input, { logger: quiet, dev: false }));
  // The healthy execution talks to the service through the fuzzed HTTP server.
  service.register(
    "healthy",
    durable(
      async (input: { n: number }, ctx) => {
        let total = 0;
        for (let i = 0; i < input.n; i++) total += await ctx.step(`s${i}`, () => i);
        await ctx.wait("pause", { seconds: 30 });
        const doubled = await ctx.map("double", [1, 2, 3], (item, value) => item.step("x2", () => value * 2));
        return total + doubled.results().reduce((a, b) => a + b, 0);
      },
      { client, logger: quiet, dev: false },
    ),
  );
  service.register(
    "victim",
    durable(
      async (_input, ctx) => {
        // No timeout: nothing is due, so the virtual clock never changes the victim by itself.
        const callback = await ctx.createCallback<unknown>("cb");
        return callback.result;
      },
      { logger: quiet, dev: false },
    ),
  );
  const victimArn = service.start("victim", {});
  // The victim waits on its callback once its first invocation has suspended: from then on, only requests change it.
  let callbackId: string | undefined;
  for (let i = 0; i < 400; i++) {
    const record = service.engine.getRecord(victimArn)!;
    callbackId = record.operations.find((entry) => entry.op.Type === "CALLBACK")?.op.CallbackDetails?.CallbackId;
    if (callbackId && !record.activeInvocation && record.invocations.length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return {
    service,
    port,
    internalErrors,
    healthyArn: "",
    victimArn,
    callbackId: callbackId!,
    held,
    client,
    close: async () => {
      client.destroy();
      await http.close();
      await service.close();
    },
  };
}

/** Why an answer is not one the model allows, or undefined. */
function misanswer(answer: Answer, method = "POST"): string | undefined {
  if (answer.status === 0) return undefined; // the server hung up on an oversized body, after answering 413
  if (answer.status >= 500) return `a ${answer.status}: ${answer.body}`;
  if (answer.status < 400) return undefined;
  const type = answer.headers["x-amzn-errortype"];
  if (typeof type !== "string" || type === "") return `a ${answer.status} without x-amzn-errortype`;
  if (method === "HEAD") return undefined; // an answer to HEAD has no body
  let message: unknown;
  try {
    const parsed = JSON.parse(answer.body) as { message?: unknown; Message?: unknown };
    message = parsed.message ?? parsed.Message;
  } catch {
    return `a ${answer.status} whose body is not JSON: ${answer.body.slice(0, 80)}`;
  }
  if (typeof message !== "string" || message.trim() === "") return `a ${answer.status} ${type} without a message`;
  return undefined;
}

// ── arbitraries ──

/** What a path label may be: real ones, well-formed strangers, and garbage, raw or percent-encoded. */
function labelArb(f: Fixture): fc.Arbitrary<string> {
  const arnLike = "arn:aws:lambda:us-east-1:123456789012:function:held:$LATEST/durable-execution/nope/00000000-0000-0000-0000-000000000000";
  return fc.oneof(
    fc.constantFrom(encodeURIComponent(f.victimArn), encodeURIComponent(arnLike), f.victimArn, encodeURIComponent(f.callbackId), "quick", "nope"),
    fc.string({ maxLength: 30 }).map(encodeURIComponent),
    fc.constantFrom("%", "%zz", "%E0%A4%A", "%00", "..%2F..%2Fetc", "a%2Fb%2Fc", "%F0%9F%98%80", "x".repeat(2_000), ""),
  );
}

const queryArb: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom("MaxItems", "Marker", "ReverseOrder", "IncludeExecutionData", "CheckpointToken", "Qualifier", "Statuses", "StartedAfter", "StartedBefore", "DurableExecutionName"), fc.string({ maxLength: 8 })),
      fc.oneof(fc.constantFrom("-1", "0", "1000", "1001", "abc", "true", "false", "RUNNING", "SUCCEEDED", "bogus", "2025-01-01T00:00:00Z", "not-a-date", "1e400", ""), fc.string({ maxLength: 20 })),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length === 0 ? "" : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`));

const bodyArb: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  jsonHostile.map((value) => JSON.stringify(value)),
  fc.record({ ErrorType: jsonHostile, ErrorMessage: jsonHostile, ErrorData: jsonHostile, StackTrace: jsonHostile }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.record({ CheckpointToken: jsonHostile, Updates: jsonHostile, ClientToken: jsonHostile }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.constantFrom("{", "{\"a\":", "[1,2", "null", "\u0000", "\"__proto__\"", "{\"__proto__\":{\"polluted\":1}}", "\ud800"),
  fc.string({ unit: "binary", maxLength: 200 }),
);

const headersArb: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    "x-amz-invocation-type": fc.oneof(fc.constantFrom("RequestResponse", "Event", "DryRun", "event", ""), fc.string({ maxLength: 10 })),
    "x-amz-durable-execution-name": fc.oneof(fc.constantFrom("ok-name", "bad name", "x".repeat(65), ""), fc.string({ maxLength: 10 })),
    "content-type": fc.constantFrom("application/json", "application/octet-stream", "text/plain", "multipart/form-data; boundary=x"),
    origin: fc.constantFrom("http://evil.example", "null", "http://127.0.0.1:1"),
    "last-event-id": fc.string({ maxLength: 10 }),
  },
  { requiredKeys: [] },
);

/** A request aimed at a route (right or wrong method), with a label, a query, headers and a body of any quality. */
function requestArb(f: Fixture) {
  const templates: Array<[string[], (label: string) => string]> = [
    [["POST", "GET", "PUT"], (label) => `/2015-03-31/functions/${label}/invocations`],
    [["POST", "GET"], (label) => `${EXECUTIONS}/${label}/checkpoint`],
    [["GET", "POST"], (label) => `${EXECUTIONS}/${label}/state`],
    [["GET", "DELETE"], (label) => `${EXECUTIONS}/${label}/history`],
    [["GET", "PATCH"], (label) => `${EXECUTIONS}/${label}`],
    [["POST", "GET"], (label) => `${EXECUTIONS}/${label}/stop`],
    [["GET", "POST"], (label) => `/2025-12-01/functions/${label}/durable-executions`],
    [["POST", "GET"], (label) => `${CALLBACKS}/${label}/succeed`],
    [["POST", "PUT"], (label) => `${CALLBACKS}/${label}/fail`],
    [["POST", "GET"], (label) => `${CALLBACKS}/${label}/heartbeat`],
    [["GET", "POST"], (label) => `/executions/${label}`],
    [["GET", "HEAD"], () => "/executions"],
    [["GET"], () => "/dashboard"],
    [["GET", "POST", "OPTIONS"], (label) => `/${label}`],
  ];
  return fc.record({
    route: fc.integer({ min: 0, max: templates.length - 1 }),
    method: fc.nat(),
    label: labelArb(f),
    query: queryArb,
    headers: headersArb,
    body: bodyArb,
  }).map(({ route, method, label, query, headers, body }) => {
    const [methods, path] = templates[route]!;
    return { method: methods[method % methods.length]!, path: `${path(label)}${query}`, headers, body };
  });
}

test("every route, bad in every way, while a healthy execution runs: typed answers, no 500, no crash, the healthy execution finishes", async (t) => {
  const f = await setUp();
  t.teardown(() => f.close());
  const healthy = f.service.start("healthy", { n: 5 });
  let answered = 0;
  await fc.assert(
    fc.asyncProperty(requestArb(f), async (request) => {
      const headers: Record<string, string> = { ...request.headers };
      // Most requests come from this machine; some claim another host (the guard answers 403).
      headers.host = request.path.length % 7 === 0 ? "evil.example" : `127.0.0.1:${f.port}`;
      if (headers.origin && request.path.length % 3 !== 0) delete headers.origin;
      let answer: Answer;
      try {
        answer = await ask(f.port, { ...request, headers, headersOnly: request.path.startsWith("/events") });
      } catch (error) {
        // Node's client refused to send it (an invalid header value): nothing reached the server.
        if ((error as NodeJS.ErrnoException).code?.startsWith("ERR_")) return;
        throw error;
      }
      answered++;
      const wrong = misanswer(answer, request.method);
      if (wrong) throw new Error(`${request.method} ${request.path.slice(0, 200)}: ${wrong}`);
      if (f.internalErrors.length > 0) throw new Error(`the server reported an internal error: ${String(f.internalErrors[0])}`);
    }),
    fuzzParams(700, 0x8e6),
  );
  const end = await f.service.waitForEnd(healthy);
  t.is(end.status, "SUCCEEDED");
  t.is(end.result, "22", "0+1+2+3+4 and 2+4+6");
  t.deepEqual(f.internalErrors, []);
  t.log(`requests answered: ${answered}`);
});

test("raw garbage on the socket (bad request lines, bad headers, lying content-length) is answered 400 or dropped, and the server serves on", async (t) => {
  const f = await setUp();
  t.teardown(() => f.close());
  const garbage = fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    fc.string({ unit: "binary", maxLength: 100 }).map((text) => Buffer.from(`${text}\r\n\r\n`, "utf8")),
    fc.constantFrom(
      "GET / HTTP/9.9\r\n\r\n",
      "GET\r\n\r\n",
      "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n",
      "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\nContent-Length: 12\r\n\r\n",
      "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "GET /%%%% HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      `GET /${"a".repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`,
    ).map((text) => Buffer.from(text, "latin1")),
  );
  await fc.assert(
    fc.asyncProperty(garbage, async (bytes) => {
      const answer = await askRaw(f.port, bytes);
      if (answer === "") return; // hung up on bytes that are not HTTP at all
      const statusLine = answer.split("\r\n")[0]!;
      if (!/^HTTP\/1\.[01] [1-4]\d\d /.test(statusLine)) throw new Error(`answered ${JSON.stringify(statusLine)}`);
      if (/^HTTP\/1\.[01] 4/.test(statusLine) && !/\r\nx-amzn-errortype: \w+/i.test(answer)) throw new Error(`an error without its type: ${JSON.stringify(answer.slice(0, 300))}`);
    }),
    fuzzParams(150, 0x8e7),
  );
  const after = await ask(f.port, { method: "GET", path: `${EXECUTIONS}/${encodeURIComponent(f.victimArn)}`, headers: { host: `127.0.0.1:${f.port}` } });
  t.is(after.status, 200, "the server still answers");
  t.deepEqual(f.internalErrors, []);
});

test("bodies over each route's limit are refused with 413 (or the callback's 400) before they are read, and nothing is stored", async (t) => {
  const f = await setUp();
  t.teardown(() => f.close());
  const host = { host: `127.0.0.1:${f.port}` };
  const before = snapshot(f.service, f.victimArn);
  const cases: Array<{ path: string; bytes: number; expect: number[] }> = [
    { path: `/2015-03-31/functions/quick/invocations`, bytes: 6_291_457, expect: [413, 0] },
    { path: `${EXECUTIONS}/${encodeURIComponent(f.victimArn)}/checkpoint`, bytes: 16 * 1024 * 1024 + 1, expect: [413, 0] },
    { path: `${CALLBACKS}/${encodeURIComponent(f.callbackId)}/succeed`, bytes: 262_145, expect: [400, 0] },
    { path: `${CALLBACKS}/${encodeURIComponent(f.callbackId)}/fail`, bytes: 1024 * 1024 + 1, expect: [413, 0] },
    { path: `${EXECUTIONS}/${encodeURIComponent(f.victimArn)}/stop`, bytes: 1024 * 1024 + 1, expect: [413, 0] },
    { path: `${CALLBACKS}/${encodeURIComponent(f.callbackId)}/heartbeat`, bytes: 64 * 1024 + 1, expect: [413, 0] },
  ];
  for (const { path, bytes, expect } of cases) {
    const answer = await ask(f.port, { method: "POST", path, headers: { ...host, "content-type": "application/octet-stream" }, body: Buffer.alloc(bytes, 0x61) });
    t.true(expect.includes(answer.status), `${path}: ${answer.status} ${answer.body}`);
    t.is(misanswer(answer), undefined);
    t.regex(answer.body || '{"message":"(hung up)"}', /\d{5,}|hung up/, "the message names the limit");
  }
  t.is(snapshot(f.service, f.victimArn), before, "nothing of the victim changed");
  t.deepEqual(f.internalErrors, []);
});

// ── checkpoints: a live token, random updates, all-or-nothing ──

const ids = ["a1", "a2", "a3", "ctx1", "w1", "cb1", "inv1"];
const update: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    Id: fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 8 }, { arbitrary: jsonHostile, weight: 1 }),
    ParentId: fc.oneof(fc.constantFrom("ctx1", "a1", "missing"), jsonHostile),
    Name: fc.oneof(fc.constantFrom("n", "x".repeat(257), "tab\t"), jsonHostile),
    Type: fc.oneof({ arbitrary: fc.constantFrom("STEP", "CONTEXT", "WAIT", "CALLBACK", "CHAINED_INVOKE", "EXECUTION"), weight: 8 }, { arbitrary: jsonHostile, weight: 1 }),
    SubType: fc.oneof(fc.constantFrom("Step", "Wait", "bad subtype!", "x".repeat(33)), jsonHostile),
    Action: fc.oneof({ arbitrary: fc.constantFrom("START", "SUCCEED", "FAIL", "RETRY", "CANCEL"), weight: 8 }, { arbitrary: jsonHostile, weight: 1 }),
    Payload: fc.oneof(fc.constantFrom('"r"', "1", ""), jsonHostile),
    Error: fc.oneof(fc.record({ ErrorType: fc.string(), ErrorMessage: fc.string() }, { requiredKeys: [] }), fc.constant({ ErrorMessage: "e".repeat(40_000) }), jsonHostile),
    StepOptions: fc.record({ NextAttemptDelaySeconds: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constant(31_622_401), fc.double(), jsonHostile) }, { requiredKeys: [] }),
    WaitOptions: fc.record({ WaitSeconds: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constant(31_622_401), fc.double(), jsonHostile) }, { requiredKeys: [] }),
    CallbackOptions: fc.record({ TimeoutSeconds: fc.oneof(fc.integer({ min: -1, max: 5 }), jsonHostile), HeartbeatTimeoutSeconds: fc.oneof(fc.integer({ min: -1, max: 5 }), jsonHostile) }, { requiredKeys: [] }),
    ChainedInvokeOptions: fc.record({ FunctionName: fc.oneof(fc.constantFrom("quick", "", "x".repeat(141)), jsonHostile) }, { requiredKeys: [] }),
    ContextOptions: fc.record({ ReplayChildren: fc.oneof(fc.boolean(), jsonHostile) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
/** Mostly plausible updates: an Id, a Type and an Action, the rest sometimes. */
const plausible = fc
  .tuple(fc.constantFrom(...ids), fc.constantFrom("STEP", "CONTEXT", "WAIT", "CALLBACK", "CHAINED_INVOKE"), fc.constantFrom("START", "SUCCEED", "FAIL", "RETRY", "CANCEL"), update, fc.integer({ min: 0, max: 3 }))
  .map(([Id, Type, Action, rest, odd]) => {
    const base: Record<string, unknown> = { Id, Type, Action };
    if (Type === "WAIT" && Action === "START") base.WaitOptions = { WaitSeconds: 5 };
    if (Action === "RETRY") base.StepOptions = { NextAttemptDelaySeconds: 2 };
    if (Type === "CHAINED_INVOKE" && Action === "START") base.ChainedInvokeOptions = { FunctionName: "quick" };
    // One random member overrides, now and then.
    const keys = Object.keys(rest);
    if (keys.length > 0 && odd === 0) base[keys[0]!] = rest[keys[0]!];
    return base;
  });
const checkpointBody = fc.record({
  Updates: fc.oneof({ arbitrary: fc.array(fc.oneof({ arbitrary: plausible, weight: 12 }, { arbitrary: update, weight: 1 }), { maxLength: 5 }), weight: 12 }, { arbitrary: jsonHostile, weight: 1 }),
  ClientToken: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.uuid(), weight: 3 }, { arbitrary: fc.constantFrom("", "x".repeat(65), "with space"), weight: 1 }, { arbitrary: jsonHostile, weight: 1 }),
  stale: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
});

/** The record as it is stored, Maps included, for an exact before/after comparison. */
function snapshot(service: LocalDurableService, arn: string): string {
  return JSON.stringify(service.engine.getRecord(arn), (_key, value) => (value instanceof Map ? [...value] : value));
}

test("checkpoints with a live token and random updates are applied whole or not at all, and what is stored stays valid", async (t) => {
  const f = await setUp();
  t.teardown(() => f.close());
  const healthy = f.service.start("healthy", { n: 3 });
  const outcomes = { accepted: 0, rejected: 0 };

  /** One request after another on execution `arn`, each judged against the record before and after it. */
  async function checkpointsOn(arn: string, firstToken: string, requests: ReadonlyArray<{ Updates: unknown; ClientToken: unknown; stale: boolean }>) {
    let token = firstToken;
    for (const request of requests) {
      const before = snapshot(f.service, arn);
      const body = JSON.stringify({ CheckpointToken: request.stale ? firstToken : token, Updates: request.Updates, ClientToken: request.ClientToken });
      const answer = await ask(f.port, {
        method: "POST",
        path: `${EXECUTIONS}/${encodeURIComponent(arn)}/checkpoint`,
        headers: { host: `127.0.0.1:${f.port}`, "content-type": "application/json" },
        body,
      });
      const wrong = misanswer(answer);
      if (wrong) throw new Error(`checkpoint ${body.slice(0, 300)}: ${wrong}`);
      if (answer.status !== 200) {
        outcomes.rejected++;
        if (snapshot(f.service, arn) !== before) throw new Error(`a rejected checkpoint changed the record: ${body.slice(0, 300)} -> ${answer.body}`);
        continue;
      }
      outcomes.accepted++;
      const parsed = JSON.parse(answer.body) as { CheckpointToken?: string };
      if (typeof parsed.CheckpointToken !== "string") throw new Error(`accepted without a new token: ${answer.body}`);
      token = parsed.CheckpointToken;
      assertStoredValid(f.service, arn, request.Updates as OperationUpdate[]);
    }
  }

  await fc.assert(
    fc.asyncProperty(fc.array(checkpointBody, { minLength: 1, maxLength: 8 }), async (requests) => {
      const arn = f.service.start("held", {});
      const held = await f.held.next();
      try {
        await checkpointsOn(arn, held.event.CheckpointToken, requests);
      } finally {
        held.release();
      }
    }),
    fuzzParams(200, 0x8e8),
  );
  t.true(outcomes.accepted > 20 && outcomes.rejected > 20, JSON.stringify(outcomes));
  t.log(`checkpoints accepted: ${outcomes.accepted}, rejected: ${outcomes.rejected}`);
  const end = await f.service.waitForEnd(healthy);
  t.is(end.status, "SUCCEEDED");
  t.deepEqual(f.internalErrors, []);
});

const STATUSES_BY_TYPE: Record<string, string[]> = {
  STEP: ["STARTED", "PENDING", "READY", "SUCCEEDED", "FAILED"],
  CONTEXT: ["STARTED", "SUCCEEDED", "FAILED"],
  WAIT: ["STARTED", "SUCCEEDED", "CANCELLED"],
  CALLBACK: ["STARTED", "SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED"],
  CHAINED_INVOKE: ["STARTED", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED", "CANCELLED"],
  EXECUTION: ["STARTED", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"],
};

/** After an accepted request: every update landed, ids are unique, statuses fit their types, parents are contexts. */
function assertStoredValid(service: LocalDurableService, arn: string, updates: OperationUpdate[]): void {
  const record = service.engine.getRecord(arn)!;
  const byId = new Map(record.operations.map((entry) => [entry.op.Id, entry.op]));
  if (byId.size !== record.operations.length) throw new Error("two stored operations share an Id");
  for (const update of updates) {
    if (update.Type !== "EXECUTION" && !byId.has(update.Id)) throw new Error(`accepted update ${update.Id} was not stored`);
  }
  for (const { op } of record.operations) {
    if (!STATUSES_BY_TYPE[op.Type]?.includes(op.Status)) throw new Error(`stored ${op.Type} ${op.Id} with status ${op.Status}`);
    if (op.ParentId !== undefined && byId.get(op.ParentId)?.Type !== "CONTEXT") throw new Error(`stored ${op.Id} under ${op.ParentId}, not a CONTEXT`);
  }
}
