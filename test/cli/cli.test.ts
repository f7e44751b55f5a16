import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import test from "ava";
import { cli, fixture, startCli } from "./run-cli.js";

/**
 * The built CLI (`node dist/cli.js`, after `npm run build`) as a user runs it: usage
 * errors, `run` to the end with progress and a table, `dev` serving until a signal, and
 * `callback` / `history` through the real LambdaClient against it.
 */

test("--help prints the usage; no command is a usage error; an unknown one too", async (t) => {
  const help = await cli(["--help"]);
  t.is(help.code, 0);
  t.regex(help.stdout, /durable-rx run <file>/);
  t.regex(help.stdout, /durable-rx callback succeed\|fail\|heartbeat/);
  const none = await cli([]);
  t.is(none.code, 2);
  const unknown = await cli(["deploy"]);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /unknown command 'deploy'/);
  t.regex(unknown.stderr, /--help/);
});

test("run: clear usage errors, exit code 2", async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [["run"], /expected a handler file/],
    [["run", fixture("greeter.mjs"), "--input", "{nope"], /--input is not valid JSON/],
    [["run", fixture("greeter.mjs"), "--db", "x.db", "--memory"], /--db and --memory exclude each other/],
    [["run", fixture("greeter.mjs"), "--inptu", "{}"], /Unknown option '--inptu'/],
    [["run", fixture("greeter.mjs"), "extra"], /unexpected argument 'extra'/],
    [["callback", "approve", "abc"], /expected succeed, fail or heartbeat/],
    [["callback", "succeed"], /expected a callback id/],
    [["callback", "succeed", "abc", "{bad"], /not valid JSON/],
    [["callback", "succeed", "abc", "1", "--endpoint", "ftp://x"], /--endpoint must be http/],
    [["history"], /expected an execution ARN/],
    [["dev", fixture("greeter.mjs"), "--port", "99999"], /--port must be a number/],
  ];
  for (const [args, message] of cases) {
    const result = await cli(args);
    t.is(result.code, 2, args.join(" "));
    t.regex(result.stderr, message, args.join(" "));
  }
});

test("run: a file that cannot be used is exit code 1 with what to do", async (t) => {
  const missing = await cli(["run", "no/such/file.mjs"]);
  t.is(missing.code, 1);
  t.regex(missing.stderr, /no such file/);
  const noHandler = await cli(["run", fixture("no-handler.mjs")]);
  t.is(noHandler.code, 1);
  t.regex(noHandler.stderr, /exports no handler.*its exports are: helper, something/s);
});

test("run: the README's demo finishes: a retried step, a callback answered by --succeed-callbacks, a day-long wait skipped", async (t) => {
  const result = await cli(["run", "examples/approval-demo.mjs", "--succeed-callbacks", "true"]);
  t.is(result.code, 0, result.stderr);
  const out = result.stdout;
  // Plain lines, since stdout is not a terminal: no escape sequences.
  t.false(out.includes("\x1b["));
  t.regex(out, /clock +virtual/);
  t.regex(out, /\+0ms +step "reserve-budget" attempt 1 failed: Error: budget service busy, try again; will retry/);
  t.regex(out, /invocation 1 suspended \(PENDING\)/);
  t.regex(out, /\+5s +invocation 2 started/);
  t.regex(out, /callback \w+ started/);
  t.regex(out, /--succeed-callbacks answered true/);
  t.regex(out, /\+24h 0m +wait "cool-off" succeeded in 24h 0m/);
  t.regex(out, /execution SUCCEEDED/);
  t.regex(out, /status: SUCCEEDED\nresult: \{"id":"exp-7","status":"paid","amount":120,"reservation":"res-exp-7","payment":"pay-exp-7"\}/);
  t.regex(out, /invocations: 3 \(PENDING, PENDING, SUCCEEDED\)/);
  t.regex(out, /operation +status +attempt +took +result \/ error/);
  t.regex(out, /step "reserve-budget" +SUCCEEDED +2 +5s +"res-exp-7"/);
  t.regex(out, /wait "cool-off" +SUCCEEDED +24h 0m/);
});

test("run: a failed execution prints its error and exits 1", async (t) => {
  const result = await cli(["run", fixture("greeter.mjs"), "--input", '{"name":"bo","fail":true}']);
  t.is(result.code, 1);
  t.regex(result.stdout, /step "explode" failed in 0ms: TypeError: cannot greet bo/);
  t.regex(result.stdout, /execution FAILED: StepError: cannot greet bo/);
  t.regex(result.stdout, /status: FAILED\nerror: +StepError: cannot greet bo/);
  t.regex(result.stdout, /step "explode" +FAILED +1 +0ms +TypeError: cannot greet bo/);
});

test("run: a callback nobody answers ends the run (exit 1) saying what it waits for and how to answer", async (t) => {
  const result = await cli(["run", fixture("approval.mjs")]);
  t.is(result.code, 1);
  t.regex(result.stdout, /to complete it: durable-rx callback succeed [A-Za-z0-9+/=]+ '<json>' --endpoint http:\/\/127\.0\.0\.1:\d+/);
  t.regex(result.stderr, /cannot finish by itself; waiting for: CALLBACK "approval"/);
  t.regex(result.stdout, /callback "approval" +STARTED/);
});

test("run: a TypeScript handler is loaded through tsx", async (t) => {
  const result = await cli(["run", fixture("typed.ts"), "--input", '{"items":[1,2,3]}']);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /result: \{"total":6\}/);
});

test("dev serves the Lambda API until SIGTERM; callback and history go through it", async (t) => {
  const dev = startCli(["dev", fixture("approval.mjs"), "--port", "0"]);
  t.teardown(() => dev.child.kill("SIGKILL"));
  const [, endpoint] = await dev.waitFor(/endpoint +(http:\/\/127\.0\.0\.1:\d+)/);
  t.regex(dev.stdout, /serving approval/);
  const client = new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
  t.teardown(() => client.destroy());
  const start = (name: string) =>
    client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event", DurableExecutionName: name }));
  const { DurableExecutionArn: arn } = await start("first");
  const [, callbackId] = await dev.waitFor(/first +.*\n +complete it: durable-rx callback succeed ([A-Za-z0-9+/=]+)/);

  const heartbeat = await cli(["callback", "heartbeat", callbackId, "--endpoint", endpoint]);
  t.is(heartbeat.code, 0, heartbeat.stderr);
  t.regex(heartbeat.stdout, /heartbeat sent/);
  const succeed = await cli(["callback", "succeed", callbackId, '{"ok":true}', "--endpoint", endpoint]);
  t.is(succeed.code, 0, succeed.stderr);
  await dev.waitFor(/first +execution SUCCEEDED/);
  const again = await cli(["callback", "succeed", callbackId, "--endpoint", endpoint]);
  t.is(again.code, 1);
  t.regex(again.stderr, /CallbackTimeoutException/);

  const history = await cli(["history", arn as string, "--endpoint", endpoint]);
  t.is(history.code, 0, history.stderr);
  t.regex(history.stdout, /: 8 events/);
  t.regex(history.stdout, /CallbackSucceeded +approval +\{"ok":true\}/);
  t.regex(history.stdout, /ExecutionSucceeded +\{"answer":\{"ok":true\}\}/);
  const json = await cli(["history", arn as string, "--endpoint", endpoint, "--json"]);
  const events = JSON.parse(json.stdout).Events as Array<{ EventType: string }>;
  t.is(events.length, 8);
  t.is(events[0].EventType, "ExecutionStarted");

  // A failure, sent as an ErrorObject.
  const second = await start("second");
  const [, secondId] = await dev.waitFor(/second +.*\n +complete it: durable-rx callback succeed ([A-Za-z0-9+/=]+)/);
  const fail = await cli(["callback", "fail", secondId, '{"ErrorType":"Rejected","ErrorMessage":"no budget"}', "--endpoint", endpoint]);
  t.is(fail.code, 0, fail.stderr);
  await dev.waitFor(/second +execution FAILED/);
  const failedHistory = await cli(["history", second.DurableExecutionArn as string, "--endpoint", endpoint]);
  t.regex(failedHistory.stdout, /CallbackFailed +approval +Rejected: no budget/);

  dev.child.kill("SIGTERM");
  t.is(await dev.exited, 0);
  t.regex(dev.stdout, /SIGTERM, closing/);
  const unreachable = await cli(["history", arn as string, "--endpoint", endpoint]);
  t.is(unreachable.code, 1);
  t.regex(unreachable.stderr, /cannot reach the service at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
});

test("dev on a port that is taken says so (exit 2)", async (t) => {
  const first = startCli(["dev", fixture("greeter.mjs"), "--port", "0"]);
  t.teardown(() => first.child.kill("SIGKILL"));
  const [, port] = await first.waitFor(/endpoint +http:\/\/127\.0\.0\.1:(\d+)/);
  const second = await cli(["dev", fixture("greeter.mjs"), "--port", port]);
  t.is(second.code, 2);
  t.regex(second.stderr, new RegExp(`port ${port} is in use`));
  first.child.kill("SIGINT");
  t.is(await first.exited, 0);
});

test("--db: an execution left waiting by one `dev` is finished by the next on the same SQLite file", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "durable-rx-cli-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, "executions.db");
  // `run` stores its execution there too.
  const ran = await cli(["run", fixture("greeter.mjs"), "--input", '{"name":"kept"}', "--db", db, "--name", "kept"]);
  t.is(ran.code, 0, ran.stderr);
  t.regex(ran.stdout, new RegExp(`store +SQLite ${db.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));

  const first = startCli(["dev", fixture("approval.mjs"), "--port", "0", "--db", db]);
  t.teardown(() => first.child.kill("SIGKILL"));
  const [, endpoint] = await first.waitFor(/endpoint +(http:\/\/127\.0\.0\.1:\d+)/);
  const client = new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
  const { DurableExecutionArn: arn } = await client.send(
    new InvokeCommand({ FunctionName: "approval", InvocationType: "Event", DurableExecutionName: "survivor" }),
  );
  client.destroy();
  const [, callbackId] = await first.waitFor(/survivor +.*\n +complete it: durable-rx callback succeed ([A-Za-z0-9+/=]+)/);
  first.child.kill("SIGINT");
  t.is(await first.exited, 0);

  const second = startCli(["dev", fixture("approval.mjs"), "--port", "0", "--db", db]);
  t.teardown(() => second.child.kill("SIGKILL"));
  const [, again] = await second.waitFor(/endpoint +(http:\/\/127\.0\.0\.1:\d+)/);
  const answered = await cli(["callback", "succeed", callbackId, '"after restart"', "--endpoint", again]);
  t.is(answered.code, 0, answered.stderr);
  await second.waitFor(/survivor +execution SUCCEEDED/);
  const history = await cli(["history", arn as string, "--endpoint", again]);
  t.regex(history.stdout, /ExecutionSucceeded +\{"answer":"after restart"\}/);
  // The execution `run` stored is there as well.
  const listed = (await (await fetch(`${again}/executions`)).json()) as { executions: Array<{ name: string; status: string }> };
  t.like(
    listed.executions.find((execution) => execution.name === "kept"),
    { status: "SUCCEEDED" },
  );
  second.child.kill("SIGTERM");
  t.is(await second.exited, 0);
});
