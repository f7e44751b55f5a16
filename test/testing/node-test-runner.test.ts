import test from "ava";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/*
 * Framework-neutral: the same helpers under node:test and node:assert, in a process of
 * their own (no ava, no fake timers): one file that passes, one that fails on purpose,
 * to see what a node:test user sees.
 */
const run = (file: string) =>
  spawnSync(process.execPath, ["--import", "tsx", "--test", fileURLToPath(new URL(`./frameworks/${file}`, import.meta.url))], {
    encoding: "utf8",
    timeout: 60_000,
  });

test("node:test runs durableMarbles and assertReplays with node:assert", (t) => {
  const result = run("node-test-example.ts");
  t.is(result.status, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /# pass 3\n# fail 0/);
});

test("under node:test a mismatching diagram shows both sides, and a Promise body fails with MarbleUsageError", (t) => {
  const result = run("node-test-failing-example.ts");
  t.is(result.status, 1);
  t.regex(result.stdout, /not ok 1 - a diagram that does not match[\s\S]*value: 'actual'[\s\S]*value: 'expected'/);
  t.regex(result.stdout, /not ok 2 - a step body that returns a Promise[\s\S]*MarbleUsageError/);
  t.regex(result.stdout, /# pass 0\n# fail 2/);
});
