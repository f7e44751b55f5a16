import test from "ava";
import { functionNameOf, HandlerLoadError, loadHandler } from "../../src/cli/load-handler.js";
import { fixture } from "./run-cli.js";

test("the handler export, else the default export, else module.exports.handler", async (t) => {
  const named = await loadHandler(fixture("greeter.mjs"));
  t.is(named.exportName, "handler");
  t.is(named.functionName, "greeter");
  const byDefault = await loadHandler(fixture("default-export.mjs"));
  t.is(byDefault.exportName, "default");
  t.deepEqual(await byDefault.handler({} as never, {} as never), { Status: "SUCCEEDED", Result: '"default"' });
  const commonjs = await loadHandler(fixture("commonjs-handler.cjs"));
  t.is(commonjs.exportName, "handler");
  t.is(commonjs.functionName, "commonjs-handler");
});

test("a file without a handler, or no file at all, is a HandlerLoadError saying what to do", async (t) => {
  const none = await t.throwsAsync(loadHandler(fixture("no-handler.mjs")));
  t.true(none instanceof HandlerLoadError);
  t.regex(none?.message ?? "", /export it as `handler`.*its exports are: helper, something/s);
  const missing = await t.throwsAsync(loadHandler("does/not/exist.mjs"));
  t.true(missing instanceof HandlerLoadError);
  t.regex(missing?.message ?? "", /no such file/);
});

test("function names come from the file name, within Lambda's alphabet", (t) => {
  t.is(functionNameOf("/x/approval-demo.mjs"), "approval-demo");
  t.is(functionNameOf("/x/my handler.v2.ts"), "my-handler-v2");
});
