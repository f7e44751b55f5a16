import test from "ava";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * LocalTestRunner is framework-neutral: the node:test suite in
 * local-test-runner-fixtures/approval.node-test.ts runs under `node --test` as it is,
 * and must pass there.
 */
test("the node:test example passes under node --test", (t) => {
  const file = fileURLToPath(new URL("./local-test-runner-fixtures/approval.node-test.ts", import.meta.url));
  const run = spawnSync(process.execPath, ["--import=tsx", "--test", "--test-reporter=tap", file], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    encoding: "utf8",
    timeout: 50_000,
  });
  const output = `${run.stdout}${run.stderr}`;
  t.is(run.status, 0, output);
  t.regex(output, /^# pass 3$/m, output);
  t.regex(output, /^# fail 0$/m, output);
});
