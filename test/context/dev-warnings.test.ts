import test from "ava";
import { runLive } from "../helpers/live.js";

const collecting = () => {
  const warnings: string[] = [];
  return { warnings, logger: { debug() {}, info() {}, error() {}, warn: (line: string) => warnings.push(JSON.parse(line).message) } };
};

test("dev: warns about an operation created but never subscribed", async (t) => {
  const { warnings, logger } = collecting();
  await runLive(async (_event, ctx) => {
    ctx.step("forgotten", () => 1);
    return "done";
  }, { config: { dev: true, logger } });
  t.is(warnings.length, 1);
  t.regex(warnings[0]!, /STEP "forgotten" \[1\] was created but never subscribed/);
});

test("dev: warns about an unnamed operation created while another of its context runs", async (t) => {
  const { warnings, logger } = collecting();
  await runLive(async (_event, ctx) => {
    const a = ctx.step("a", () => new Promise((resolve) => setTimeout(resolve, 5)));
    a.subscribe();
    await ctx.step(() => 2);
    await a;
  }, { config: { dev: true, logger } });
  t.true(warnings.some((line) => /\(unnamed\) \[2\] is unnamed and was created while 1 other/.test(line)));
});

test("dev off: no warnings", async (t) => {
  const { warnings, logger } = collecting();
  await runLive(async (_event, ctx) => {
    ctx.step("forgotten", () => 1);
  }, { config: { dev: false, logger } });
  t.deepEqual(warnings, []);
});
