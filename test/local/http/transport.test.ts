import { connect } from "node:net";
import test from "ava";
import { createHttpServer, type HttpServerOptions } from "../../../src/local/http/create-http-server.js";
import type { LocalLambdaApi } from "../../../src/local/service/lambda-api.js";
import { DurableEngine, sequentialIds } from "../../../src/local/engine/index.js";
import { engineApi } from "./engine-api.js";
import { rawRequest } from "./raw-request.js";

/**
 * The HTTP transport on its own: routing, body limits, malformed requests and the
 * Host/Origin guard, over raw HTTP so every header and byte is the test's choice. The
 * operations themselves are covered through the real LambdaClient in lambda-api.test.ts.
 */

async function serve(options: HttpServerOptions = {}, api?: LocalLambdaApi) {
  const engine = new DurableEngine({ ids: sequentialIds() });
  const http = createHttpServer(api ?? engineApi(engine), options);
  const { endpoint, port } = await http.listen();
  const host = `127.0.0.1:${port}`;
  const start = async (name = "run-1") => {
    const res = await rawRequest(endpoint, {
      method: "POST",
      path: "/2015-03-31/functions/fn/invocations",
      headers: { host, "x-amz-invocation-type": "Event", "x-amz-durable-execution-name": name },
      body: "{}",
    });
    return res.headers["x-amz-durable-execution-arn"] as string;
  };
  return { http, endpoint, port, host, engine, start };
}

const executionPath = (arn: string, suffix = ""): string => `/2025-12-01/durable-executions/${encodeURIComponent(arn)}${suffix}`;

test("errors carry the model's shape: status, x-amzn-errortype, {message} and a request id", async (t) => {
  const { http, endpoint, host } = await serve();
  const res = await rawRequest(endpoint, { path: executionPath("arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST/durable-execution/a/b"), headers: { host } });
  t.is(res.status, 404);
  t.is(res.headers["x-amzn-errortype"], "ResourceNotFoundException");
  t.regex(res.json.Message, /not found/);
  t.regex(String(res.headers["x-amzn-requestid"]), /^[0-9a-f-]{36}$/);
  await http.close();
});

test("unknown routes answer 404 UnknownOperationException, wrong methods 405 with Allow", async (t) => {
  const { http, endpoint, host } = await serve();
  const unknown = await rawRequest(endpoint, { path: "/2025-12-01/nothing-here", headers: { host } });
  t.is(unknown.status, 404);
  t.is(unknown.headers["x-amzn-errortype"], "UnknownOperationException");
  const root = await rawRequest(endpoint, { path: "/", headers: { host } });
  t.is(root.status, 404);
  const wrongMethod = await rawRequest(endpoint, { method: "GET", path: "/2015-03-31/functions/fn/invocations", headers: { host } });
  t.is(wrongMethod.status, 405);
  t.is(wrongMethod.headers.allow, "POST");
  t.is(wrongMethod.headers["x-amzn-errortype"], "MethodNotAllowedException");
  const deleteEvents = await rawRequest(endpoint, { method: "DELETE", path: "/events", headers: { host } });
  t.is(deleteEvents.status, 405);
  // A bare "/stop" is the stop route, never an ARN that happens to end in "stop".
  const getStop = await rawRequest(endpoint, { method: "GET", path: executionPath("arn:x", "/stop"), headers: { host } });
  t.is(getStop.status, 405);
  t.is(getStop.headers.allow, "POST");
  await http.close();
});

test("labels are percent-decoded per segment; an ARN typed with bare slashes works too", async (t) => {
  const { http, endpoint, host, start } = await serve();
  const arn = await start();
  const encoded = await rawRequest(endpoint, { path: executionPath(arn), headers: { host } });
  t.is(encoded.status, 200);
  t.is(encoded.json.DurableExecutionArn, arn);
  const bare = await rawRequest(endpoint, { path: `/2025-12-01/durable-executions/${arn.replace("$", "%24")}/history`, headers: { host } });
  t.is(bare.status, 200);
  t.is(bare.json.Events[0].EventType, "ExecutionStarted");
  const malformed = await rawRequest(endpoint, { path: "/2025-12-01/durable-executions/%E0%A4%A/state", headers: { host } });
  t.is(malformed.status, 400);
  t.is(malformed.headers["x-amzn-errortype"], "InvalidRequestContentException");
  await http.close();
});

test("timestamps in JSON answers are epoch-second numbers", async (t) => {
  const { http, endpoint, host, start, engine } = await serve();
  const arn = await start();
  const res = await rawRequest(endpoint, { path: executionPath(arn), headers: { host } });
  t.is(res.json.StartTimestamp, engine.getRecord(arn)!.startMs / 1000);
  await http.close();
});

test("malformed JSON and wrong member types are 400 InvalidRequestContentException naming the member", async (t) => {
  const { http, endpoint, host, start } = await serve();
  const arn = await start();
  const post = (body: string) =>
    rawRequest(endpoint, { method: "POST", path: executionPath(arn, "/checkpoint"), headers: { host, "content-type": "application/json" }, body });
  const cases: Array<[string, RegExp]> = [
    ["{not json", /Could not parse request body into json/],
    ["[1,2]", /expected a JSON object/],
    ['"text"', /expected a JSON object/],
    ['{"CheckpointToken":5}', /CheckpointToken/],
    ['{"CheckpointToken":"t","Updates":"all"}', /Updates/],
    ['{"CheckpointToken":"t","Updates":[5]}', /Updates\.0/],
    ['{"CheckpointToken":"t","Updates":[{"Id":"a","Type":"WAIT","Action":"START","WaitOptions":{"WaitSeconds":"5"}}]}', /WaitSeconds/],
  ];
  for (const [body, message] of cases) {
    const res = await post(body);
    t.is(res.status, 400, body);
    t.is(res.headers["x-amzn-errortype"], "InvalidRequestContentException", body);
    t.regex(res.json.message, message, body);
  }
  const missingToken = await post("{}");
  t.is(missingToken.status, 400);
  t.is(missingToken.headers["x-amzn-errortype"], "ValidationException");
  t.regex(missingToken.json.message, /checkpointToken.*must not be null/);
  const stop = await rawRequest(endpoint, { method: "POST", path: executionPath(arn, "/stop"), headers: { host }, body: '{"ErrorMessage":7}' });
  t.is(stop.status, 400);
  t.regex(stop.json.message, /ErrorMessage/);
  await http.close();
});

test("bad query members and headers are 400 ValidationException, never a crash", async (t) => {
  const { http, endpoint, host, start } = await serve();
  const arn = await start();
  const get = (path: string) => rawRequest(endpoint, { path, headers: { host } });
  const cases = [
    executionPath(arn, "/history?MaxItems=ten"),
    executionPath(arn, "/history?ReverseOrder=yes"),
    executionPath(arn, "/history?MaxItems=5000"),
    "/2025-12-01/functions/fn/durable-executions?StartedAfter=yesterday",
    "/2025-12-01/functions/fn/durable-executions?Statuses=RUNNING&Statuses=BOGUS",
    executionPath(arn, "/state"),
  ];
  for (const path of cases) {
    const res = await get(path);
    t.is(res.status, 400, path);
    t.is(res.headers["x-amzn-errortype"], "ValidationException", path);
  }
  const badType = await rawRequest(endpoint, {
    method: "POST",
    path: "/2015-03-31/functions/fn/invocations",
    headers: { host, "x-amz-invocation-type": "Later" },
    body: "{}",
  });
  t.is(badType.status, 400);
  t.regex(badType.json.message, /invocationType/);
  const notJson = await rawRequest(endpoint, { method: "POST", path: "/2015-03-31/functions/fn/invocations", headers: { host }, body: "hello" });
  t.is(notJson.status, 400);
  t.is(notJson.headers["x-amzn-errortype"], "InvalidRequestContentException");
  const badUtf8 = await rawRequest(endpoint, {
    method: "POST",
    path: "/2015-03-31/functions/fn/invocations",
    headers: { host },
    body: Buffer.from([0x22, 0xc3, 0x28, 0x22]),
  });
  t.is(badUtf8.status, 400);
  await http.close();
});

test("a body over its limit is refused before it is read: a declared length at once, a chunked one as it passes", async (t) => {
  const { http, endpoint, host, start, engine } = await serve({ limits: { invoke: 1000, errorObject: 1000 } });
  const arn = await start();
  const invoke = "/2015-03-31/functions/fn/invocations";
  // Declares ten gigabytes and sends a few bytes: the answer cannot have waited for the body.
  const declared = await rawRequest(endpoint, {
    method: "POST",
    path: invoke,
    headers: { host, "content-length": 10 * 1024 ** 3 },
    body: "{}",
  }).catch((error: Error) => error);
  t.false(declared instanceof Error, String(declared));
  if (!(declared instanceof Error)) {
    t.is(declared.status, 413);
    t.is(declared.headers["x-amzn-errortype"], "RequestTooLargeException");
    t.is(declared.headers.connection, "close");
  }
  const chunked = await rawRequest(endpoint, {
    method: "POST",
    path: executionPath(arn, "/stop"),
    headers: { host },
    chunks: [Buffer.from('{"ErrorMessage":"'), Buffer.alloc(700, 0x61), Buffer.alloc(700, 0x61), Buffer.from('"}')],
  });
  t.is(chunked.status, 413);
  t.is(engine.getRecord(arn)!.status, "RUNNING", "nothing was applied");
  const within = await rawRequest(endpoint, { method: "POST", path: invoke, headers: { host }, body: JSON.stringify("a".repeat(900)) });
  t.is(within.status, 200);
  await http.close();
});

test("a callback result over the model's 262,144 bytes is the engine's ValidationException, read no further", async (t) => {
  const { http, endpoint, host } = await serve();
  const res = await rawRequest(endpoint, {
    method: "POST",
    path: "/2025-12-01/durable-execution-callbacks/abc/succeed",
    headers: { host, "content-type": "application/octet-stream" },
    body: Buffer.alloc(262_145, 0x61),
  });
  t.is(res.status, 400);
  t.is(res.headers["x-amzn-errortype"], "ValidationException");
  t.regex(res.json.message, /262144/);
  await http.close();
});

test("an unexpected failure is a 500 ServiceException; the server keeps answering", async (t) => {
  const seen: unknown[] = [];
  const broken = { ...engineApi(), getDurableExecution: async () => { throw new TypeError("boom"); } } as LocalLambdaApi;
  const { http, endpoint, host } = await serve({ onInternalError: (error) => seen.push(error) }, broken);
  const res = await rawRequest(endpoint, { path: executionPath("arn:x"), headers: { host } });
  t.is(res.status, 500);
  t.is(res.headers["x-amzn-errortype"], "ServiceException");
  t.is(res.json.Message, "Internal service error: boom");
  t.is(seen.length, 1);
  const after = await rawRequest(endpoint, { path: "/nothing", headers: { host } });
  t.is(after.status, 404);
  await http.close();
});

test("bytes that are not HTTP get a 400 and a closed connection", async (t) => {
  const { http, port } = await serve();
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write("NOT HTTP AT ALL\r\n\r\n"));
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString()));
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
  t.regex(reply, /^HTTP\/1\.1 400/);
  await http.close();
});

// Host and Origin (ADR 0023): a web page must not be able to drive the service.

test("accepted: loopback Host names at our port, configured names, no Origin or our own Origin", async (t) => {
  const { http, endpoint, port, start } = await serve({ allowedHosts: ["devbox", "proxy.local:8080"] });
  const arn = await start();
  const heartbeat = (headers: Record<string, string>) =>
    rawRequest(endpoint, { method: "POST", path: "/2025-12-01/durable-executions/x/stop", headers, body: "{}" });
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, `devbox:${port}`, "proxy.local:8080"]) {
    const res = await rawRequest(endpoint, { path: executionPath(arn), headers: { host } });
    t.is(res.status, 200, host);
  }
  for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]) {
    const res = await heartbeat({ host: `127.0.0.1:${port}`, origin });
    t.not(res.status, 403, origin);
  }
  const stopped = await rawRequest(endpoint, {
    method: "POST",
    path: executionPath(arn, "/stop"),
    headers: { host: `localhost:${port}`, origin: `http://localhost:${port}` },
    body: "{}",
  });
  t.is(stopped.status, 200);
  await http.close();
});

test("rejected: a rebound DNS name, another port, a foreign or null Origin; nothing is applied", async (t) => {
  const { http, endpoint, port, start, engine } = await serve({ allowedHosts: ["devbox"] });
  const arn = await start();
  const stop = (headers: Record<string, string>) =>
    rawRequest(endpoint, { method: "POST", path: executionPath(arn, "/stop"), headers, body: "{}" });
  const refused: Array<Record<string, string>> = [
    { host: `attacker.example:${port}` },
    { host: "attacker.example" },
    { host: `127.0.0.1:${port + 1}` },
    { host: `devbox:${port + 1}` },
    { host: `127.0.0.1:${port}`, origin: "https://attacker.example" },
    { host: `127.0.0.1:${port}`, origin: `http://attacker.example:${port}` },
    { host: `127.0.0.1:${port}`, origin: "null" },
    { host: `127.0.0.1:${port}`, origin: `https://127.0.0.1:${port}` },
    { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port + 1}` },
  ];
  for (const headers of refused) {
    const res = await stop(headers);
    t.is(res.status, 403, JSON.stringify(headers));
    t.is(res.headers["x-amzn-errortype"], "AccessDeniedException");
  }
  t.is(engine.getRecord(arn)!.status, "RUNNING");
  // Reads are guarded too: a rebound page must not read execution data either.
  const read = await rawRequest(endpoint, { path: executionPath(arn), headers: { host: `attacker.example:${port}` } });
  t.is(read.status, 403);
  const invoke = await rawRequest(endpoint, {
    method: "POST",
    path: "/2015-03-31/functions/fn/invocations",
    headers: { host: `127.0.0.1:${port}`, origin: "https://attacker.example", "content-type": "text/plain" },
    body: "{}",
  });
  t.is(invoke.status, 403);
  t.is([...engine.store.list()].length, 1, "no execution was started");
  await http.close();
});

test("GET /dashboard is reserved: 501 until a dashboard is given", async (t) => {
  const { http, endpoint, host } = await serve();
  const res = await rawRequest(endpoint, { path: "/dashboard", headers: { host } });
  t.is(res.status, 501);
  await http.close();
  const withPage = await serve({ dashboard: (_req, res) => res.end("<html>ok</html>") });
  const page = await rawRequest(withPage.endpoint, { path: "/dashboard", headers: { host: withPage.host } });
  t.is(page.body, "<html>ok</html>");
  await withPage.http.close();
});
