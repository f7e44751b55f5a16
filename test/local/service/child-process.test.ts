import { fileURLToPath } from "node:url";
import test from "ava";
import { invocationsHere } from "./fixtures/functions.js";
import { nextEvent, virtualService } from "./helpers.js";

// The children inherit the environment: keep the AWS SDK's Node 20 notice out of the test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/**
 * Functions registered with `isolation: "child-process"`: each invocation runs in a
 * separate Node process that imports the module and reaches the service over HTTP with
 * the SDK's default LambdaClient, as a Lambda function reaches Lambda.
 */
const functions = fileURLToPath(new URL("./fixtures/functions.ts", import.meta.url));
const isolated = { isolation: "child-process" as const };

test("a handler runs in a child process; a warm process is reused; the service's module state is untouched", async (t) => {
  const service = virtualService().register("where", { module: functions, export: "whereAmI" }, isolated);
  t.teardown(() => service.close());
  const done = await service.run("where");
  t.is(done.status, "SUCCEEDED", JSON.stringify(done.error));
  const result = JSON.parse(done.result ?? "") as { first: number; last: number; invocationsInThisProcess: number };
  t.not(result.first, process.pid);
  // The second invocation ran in the same (warm) process, which kept its module state.
  t.is(result.last, result.first);
  t.is(result.invocationsInThisProcess, 2);
  t.is(invocationsHere(), 0);
  t.deepEqual(
    done.invocations.map((i) => i.outcome),
    ["PENDING", "SUCCEEDED"],
  );
  await service.close();
});

test("a process that crashes fails its invocation as Runtime.ExitError; the service carries on", async (t) => {
  const service = virtualService()
    .register("crash", { module: functions, export: "crash" }, isolated)
    .register("double", { module: functions, export: "double" }, isolated);
  t.teardown(() => service.close());
  const crashed = await service.run("crash");
  t.is(crashed.status, "FAILED");
  t.is(crashed.invocations.length, 3);
  t.like(crashed.error, { ErrorType: "Runtime.ExitError", ErrorMessage: "Runtime exited with error: exit status 3" });
  const doubled = await service.run("double", { n: 21 });
  t.is(doubled.result, "42");
  await service.close();
});

test("a process that outlives the timeout is killed and the invocation times out", async (t) => {
  const service = virtualService().register("hang", { module: functions, export: "hang" }, { ...isolated, timeoutMs: 1500 });
  t.teardown(() => service.close());
  const arn = service.start("hang");
  await nextEvent(service, (e) => e.type === "invocation.completed");
  t.like(service.execution(arn).invocations[0], { outcome: "THREW", error: { ErrorType: "Sandbox.Timedout" } });
  await service.close();
});

test("a module without the export fails the invocation as Runtime.HandlerNotFound", async (t) => {
  const service = virtualService().register("nothing", { module: functions, export: "nothing" }, isolated);
  t.teardown(() => service.close());
  const done = await service.run("nothing");
  t.like(done.error, { ErrorType: "Runtime.HandlerNotFound" });
  await service.close();
});

test("in-process registration by module path works too", async (t) => {
  const service = virtualService().register("double", { module: functions, export: "double" });
  t.teardown(() => service.close());
  t.is((await service.run("double", { n: 4 })).result, "8");
  await service.close();
});

test("child-process isolation needs a module, not a function", (t) => {
  const service = virtualService();
  t.teardown(() => service.close());
  t.throws(() => service.register("fn", () => undefined, isolated), { message: /give \{ module, export \}/ });
  return service.close();
});
