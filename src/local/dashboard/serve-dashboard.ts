import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DASHBOARD_SCRIPT } from "./dashboard-script.js";
import { DASHBOARD_STYLE } from "./dashboard-style.js";
import { dashboardPage } from "./dashboard-page.js";

export interface DashboardOptions {
  /** Functions the page offers to start (the service's registered ones); asked on every page load. */
  functions?: () => readonly string[];
}

const sha256 = (text: string): string => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/**
 * The policy that keeps a payload from ever running as code, should one slip past the
 * page's own rule (it builds every element with `textContent`, never `innerHTML`): only
 * the page's own script and style run (by hash), requests go to this origin only, and
 * nothing may frame the page (clickjacking the Stop button).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${sha256(DASHBOARD_SCRIPT)}`,
  `style-src ${sha256(DASHBOARD_STYLE)}`,
  "connect-src 'self'",
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * `GET /dashboard`: one self-contained page (HTML, CSS and script inline, nothing from
 * the network) that reads `GET /executions`, `GET /executions/{arn}` and `GET /events`,
 * and acts through the Lambda API (Invoke, StopDurableExecution,
 * SendDurableExecutionCallbackSuccess/Failure). It is served from the service's own
 * origin, so its requests pass the Host/Origin guard (ADR 0023) as they are.
 */
export function dashboardHandler(options: DashboardOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    const body = dashboardPage({ functions: options.functions?.() ?? [], script: DASHBOARD_SCRIPT, style: DASHBOARD_STYLE });
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      "cache-control": "no-store",
      "content-security-policy": CONTENT_SECURITY_POLICY,
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
    });
    res.end(body);
  };
}
