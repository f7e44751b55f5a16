import test from "ava";
import { createHash } from "node:crypto";
import { request } from "node:http";
import { Script } from "node:vm";
import { durable } from "../../src/index.js";
import { dashboardPage, escapeHtml } from "../../src/local/dashboard/dashboard-page.js";
import { DASHBOARD_SCRIPT } from "../../src/local/dashboard/dashboard-script.js";
import { DASHBOARD_STYLE } from "../../src/local/dashboard/dashboard-style.js";
import { dashboardHandler } from "../../src/local/dashboard/serve-dashboard.js";
import { createHttpServer } from "../../src/local/http/create-http-server.js";
import { eventFeedFrom } from "../../src/local/http/service-event-feed.js";
import { LocalDurableService } from "../../src/local/service/local-durable-service.js";

/**
 * `GET /dashboard` without a browser: what is served, under which policy, and that the
 * requests the page makes are the ones the service's Host/Origin guard accepts.
 */

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: options.method ?? "GET", headers: options.headers, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

async function listening(t: { teardown(fn: () => unknown): void }) {
  const service = new LocalDurableService({ clock: "virtual" });
  service.register(
    "approve",
    durable(async (_event, ctx) => (await ctx.createCallback<boolean>("manager")).result, { logger: quiet, dev: false }),
  );
  const { endpoint } = await service.listen();
  t.teardown(() => service.close());
  return { service, endpoint, origin: endpoint };
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
const between = (text: string, open: string, close: string) => text.slice(text.indexOf(open) + open.length, text.indexOf(close));

test("the service serves the dashboard: HTML whose only script and style are allowed by hash, nothing from the network", async (t) => {
  const { endpoint } = await listening(t);
  const res = await send(`${endpoint}/dashboard`, { headers: { host: new URL(endpoint).host } });
  t.is(res.status, 200);
  t.is(res.headers["content-type"], "text/html; charset=utf-8");
  t.is(res.headers["x-content-type-options"], "nosniff");
  const policy = String(res.headers["content-security-policy"]);
  const script = between(res.body, "<script>", "</script>");
  const style = between(res.body, "<style>", "</style>");
  t.is(script, DASHBOARD_SCRIPT);
  t.is(style, DASHBOARD_STYLE);
  t.true(policy.includes(`script-src ${sha256(script)}`));
  t.true(policy.includes(`style-src ${sha256(style)}`));
  for (const rule of ["default-src 'none'", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"]) t.true(policy.includes(rule), rule);
  t.false(policy.includes("unsafe-inline"));
  // No URL to anywhere else: no CDN, no fonts, no analytics.
  t.notRegex(res.body, /(src|href)="(https?:)?\/\//);
  t.notRegex(script, /https?:\/\//);
});

test("the script parses, and never turns a string into markup or code", (t) => {
  t.notThrows(() => new Script(DASHBOARD_SCRIPT));
  for (const sink of ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute(\"on", "srcdoc"]) {
    t.false(DASHBOARD_SCRIPT.includes(sink), sink);
  }
  // Inlined verbatim: a closing tag inside would end the element early.
  t.false(DASHBOARD_SCRIPT.includes("</script"));
  t.false(DASHBOARD_STYLE.includes("</style"));
});

test("function names reach the page escaped", (t) => {
  const page = dashboardPage({ functions: [`a"><script>alert(1)</script>`], script: "", style: "" });
  t.false(page.includes("<script>alert(1)"));
  t.true(page.includes(escapeHtml(JSON.stringify([`a"><script>alert(1)</script>`]))));
  t.is(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
});

test("dashboardHandler asks for the functions on every load", async (t) => {
  const service = new LocalDurableService({ clock: "virtual" });
  t.teardown(() => service.close());
  const names = ["first"];
  const http = createHttpServer(service, { views: service, events: eventFeedFrom(service), dashboard: dashboardHandler({ functions: () => names }) });
  const { endpoint } = await http.listen();
  t.teardown(() => http.close());
  const host = new URL(endpoint).host;
  t.regex((await send(`${endpoint}/dashboard`, { headers: { host } })).body, /content="\[&quot;first&quot;\]"/);
  names.push("second");
  t.regex((await send(`${endpoint}/dashboard`, { headers: { host } })).body, /content="\[&quot;first&quot;,&quot;second&quot;\]"/);
});

test("the page's own requests pass the Host/Origin guard; the same requests from another site do not", async (t) => {
  const { service, endpoint } = await listening(t);
  const host = new URL(endpoint).host;
  // What Chromium sends for the page's fetch: Origin is the page's origin, no path.
  const fromPage = { host, origin: endpoint };
  const started = await send(`${endpoint}/2015-03-31/functions/approve/invocations`, {
    method: "POST",
    headers: { ...fromPage, "content-type": "application/json", "x-amz-invocation-type": "Event" },
    body: "{}",
  });
  t.is(started.status, 202);
  const arn = started.headers["x-amz-durable-execution-arn"] as string;
  t.is((await send(`${endpoint}/executions/${encodeURIComponent(arn)}`, { headers: fromPage })).status, 200);
  // A page opened as localhost is the same service.
  const localhost = `http://localhost:${new URL(endpoint).port}`;
  t.is((await send(`${endpoint}/executions`, { headers: { host: new URL(localhost).host, origin: localhost } })).status, 200);

  const elsewhere = await send(`${endpoint}/2025-12-01/durable-executions/${encodeURIComponent(arn)}/stop`, {
    method: "POST",
    headers: { host, origin: "http://evil.example", "content-type": "application/json" },
    body: "{}",
  });
  t.is(elsewhere.status, 403);
  const stopped = await send(`${endpoint}/2025-12-01/durable-executions/${encodeURIComponent(arn)}/stop`, {
    method: "POST",
    headers: { ...fromPage, "content-type": "application/json" },
    body: JSON.stringify({ ErrorType: "StoppedFromDashboard", ErrorMessage: "Stopped from the durable-rx dashboard" }),
  });
  t.is(stopped.status, 200);
  t.is(service.execution(arn).status, "STOPPED");
});

test("a server without the views it reads has no dashboard (501), as before", async (t) => {
  const service = new LocalDurableService({ clock: "virtual" });
  t.teardown(() => service.close());
  const http = createHttpServer(service, { events: eventFeedFrom(service) });
  const { endpoint } = await http.listen();
  t.teardown(() => http.close());
  t.is((await send(`${endpoint}/dashboard`, { headers: { host: new URL(endpoint).host } })).status, 501);
});
