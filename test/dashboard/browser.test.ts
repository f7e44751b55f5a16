import anyTest, { type TestFn } from "ava";
import { copyFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { durable, Retry } from "../../src/index.js";
import { LocalDurableService } from "../../src/local/service/local-durable-service.js";
import { hasChromium, launchChromium, openPage, SKIP_REASON, WAIT_MS } from "./chromium.js";
import { ROOT, startDev } from "./dev-process.js";

/**
 * The dashboard in headless Chromium: `durable-rx dev` (the built CLI, a child process) on
 * examples/dashboard-demo.mjs, driven only through the page, as a person would; and a
 * workflow whose names and payloads are HTML, which must show as text and never run.
 */

const test = anyTest as TestFn<{ browser: Browser }>;
const RESULTS = fileURLToPath(new URL("../../test-results/", import.meta.url));
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

if (!hasChromium) {
  test.skip(`the dashboard in headless Chromium (${SKIP_REASON})`, () => {});
} else {
  test.before(async (t) => {
    t.context.browser = await launchChromium();
  });
  test.after.always(async (t) => {
    await t.context.browser?.close();
  });

  test.serial("durable-rx dev: start an execution from the page, watch it live, answer its callback, see it finish", async (t) => {
    // About 12 s here; room for a slow CI machine, while every wait below stays bounded.
    t.timeout(180_000);
    const dev = await startDev("examples/dashboard-demo.mjs", WAIT_MS);
    t.teardown(() => dev.stop());
    const { page, problems } = await openPage(t.context.browser, `${dev.endpoint}/dashboard`);
    // Still there at the end: everything below arrived without a reload.
    await page.evaluate(() => ((globalThis as unknown as { stayed: boolean }).stayed = true));
    await page.locator("#connection.live").waitFor();
    t.is(await page.inputValue("#start-function"), "dashboard-demo", "dev offers its function");

    await startFromPage(page, '{"id":"exp-7","amount":120}');
    await page.locator(".title .pill.s-RUNNING").waitFor();
    // The flaky step fails once, is retried a second later, and the page shows both.
    await page.locator('tr:has-text("check-receipts") .pill.s-SUCCEEDED').waitFor();
    t.is((await page.locator('tr:has-text("check-receipts") td').nth(2).innerText()).trim(), "2");
    await page.locator('.events li:has-text("operation.retrying")').waitFor();
    await page.locator('.events li:has-text("invocation.suspended")').first().waitFor();
    await page.locator('tr:has-text("send-chat") .pill.s-SUCCEEDED').waitFor();
    // The manager's callback waits for an answer: given from the page.
    const succeed = page.locator('button[data-action="succeed-callback"]');
    await succeed.waitFor();
    await page.locator(".waiting li").first().waitFor();
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: `${RESULTS}dashboard-waiting.png`, fullPage: true });
    // DURABLE_RX_DOCS_SCREENSHOT=1 refreshes the picture in docs/dashboard.md.
    if (process.env.DURABLE_RX_DOCS_SCREENSHOT === "1") {
      mkdirSync(`${ROOT}docs/images`, { recursive: true });
      copyFileSync(`${RESULTS}dashboard-waiting.png`, `${ROOT}docs/images/dashboard.png`);
    }
    await page.fill('input[data-key^="callback "]', "true");
    await succeed.click();

    await page.locator(".title .pill.s-SUCCEEDED").waitFor();
    await page.locator('.exec.selected .pill.s-SUCCEEDED').waitFor();
    await page.locator('tr:has-text("cool-off") .pill.s-SUCCEEDED').waitFor();
    t.regex(await page.locator("pre.result").innerText(), /"status": "paid"/);
    await page.locator('.events li:has-text("execution succeeded")').waitFor();
    t.is(await page.locator('button[data-action="succeed-callback"]').count(), 0, "nothing left to answer");
    t.true(await page.evaluate(() => (globalThis as unknown as { stayed?: boolean }).stayed === true), "no reload");
    await page.screenshot({ path: `${RESULTS}dashboard-succeeded.png`, fullPage: true });

    // Failing a callback fails the workflow's wait; Stop ends another execution.
    await startFromPage(page, '{"id":"exp-8","amount":9000}');
    await page.locator('button[data-action="fail-callback"]').waitFor();
    await page.fill('input[data-key^="callback "]', "over budget");
    await page.click('button[data-action="fail-callback"]');
    await page.locator(".title .pill.s-FAILED").waitFor();
    t.regex(await page.locator("pre.error").first().innerText(), /over budget/);

    await startFromPage(page, '{"id":"exp-9","amount":5}');
    await page.locator('button[data-action="succeed-callback"]').waitFor();
    await page.click("#stop-execution");
    await page.locator(".title .pill.s-STOPPED").waitFor();
    t.is(await page.locator(".exec").count(), 3);

    t.deepEqual(problems, [], "no script error, no request refused, nothing blocked by the page's policy");
    t.is(await dev.stop(), 0);
  });

  test.serial("names and payloads that are HTML show as text and never run", async (t) => {
    const hostile = `<img src=x onerror="window.pwned=1">`;
    const service = new LocalDurableService({ clock: "real" });
    t.teardown(() => service.close());
    service.register(
      "xss",
      durable(
        async (event: { note: string }, ctx) => {
          await ctx.step(hostile, () => ({ html: "<script>window.pwned=2</script>", note: event.note }));
          try {
            await ctx.step("</td><b>bold</b>", () => Promise.reject(new Error(`<svg onload="window.pwned=3">`)), { retry: Retry.presets.noRetry });
          } catch {
            // Shown as the step's error.
          }
          const callback = await ctx.createCallback(`"><iframe src="javascript:window.pwned=4">`);
          return callback.result;
        },
        { logger: quiet, dev: false },
      ),
    );
    const { endpoint } = await service.listen();
    const arn = service.start("xss", { note: "<iframe src=javascript:window.pwned=5>" });
    const { page, problems } = await openPage(t.context.browser, `${endpoint}/dashboard#${encodeURIComponent(arn)}`);
    await page.locator('button[data-action="succeed-callback"]').waitFor();
    await page.locator(`td.op:has-text("</td><b>bold</b>")`).waitFor();
    t.is(await page.locator("td.op", { hasText: hostile }).count(), 1, "the step's name, as it was written");
    t.regex(await page.locator("#execution").innerText(), /<svg onload="window\.pwned=3">/);
    t.regex(await page.locator("#execution").innerText(), /<script>window\.pwned=2<\/script>/);
    t.regex(await page.locator("#execution").innerText(), /<iframe src=javascript:window\.pwned=5>/);
    for (const tag of ["img", "svg", "iframe", "b", "script"]) {
      t.is(await page.locator(`#execution ${tag}, #executions ${tag}`).count(), 0, `no <${tag}> made from data`);
    }
    t.is(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned), undefined);
    t.deepEqual(problems, []);
  });
}

async function startFromPage(page: Page, input: string): Promise<void> {
  await page.fill("#start-input", input);
  await page.click("#start-button");
  await page.locator("#notice.ok", { hasText: "Started" }).waitFor();
  await page.locator(".title .pill").waitFor();
}
