import test from "ava";
import { EngineError } from "../../../src/local/engine/index.js";
import { handler, T0, virtualService } from "./helpers.js";

const DAY = 86_400_000;

/** Waits a day, then answers with the input's `n` doubled. */
const slowDouble = handler(async (event: { n: number }, ctx) => {
  await ctx.wait("a day", { days: 1 });
  return { doubled: event.n * 2 };
});

test("Event answers 202 with the ARN at once; the execution then runs in the background", async (t) => {
  const service = virtualService().register("double", slowDouble);
  const out = await service.invoke({ FunctionName: "double", InvocationType: "Event", Payload: '{"n":4}' });
  t.is(out.StatusCode, 202);
  t.is(out.Payload, undefined);
  t.regex(out.DurableExecutionArn, /^arn:aws:lambda:us-east-1:123456789012:function:double:\$LATEST\/durable-execution\/[\w-]+\/[\w-]+$/);
  const done = await service.waitForEnd(out.DurableExecutionArn);
  t.is(done.status, "SUCCEEDED");
  t.deepEqual(JSON.parse(done.result ?? ""), { doubled: 8 });
  t.deepEqual(
    done.invocations.map((i) => [i.startMs - T0, i.outcome]),
    [
      [0, "PENDING"],
      [DAY, "SUCCEEDED"],
    ],
  );
  await service.close();
});

test("RequestResponse (the default) answers 200 once the execution ended, with its result", async (t) => {
  const service = virtualService().register("double", slowDouble);
  const out = await service.invoke({ FunctionName: "double", Payload: '{"n":21}' });
  t.like(out, { StatusCode: 200, ExecutedVersion: "$LATEST", Payload: '{"doubled":42}' });
  t.is(out.FunctionError, undefined);
  t.is(service.execution(out.DurableExecutionArn).status, "SUCCEEDED");
  t.is(service.execution(out.DurableExecutionArn).endedAt, T0 + DAY);
  await service.close();
});

test("a failed execution answers like a failed synchronous Lambda invoke: FunctionError Unhandled", async (t) => {
  class PaymentDeclined extends Error {
    override name = "PaymentDeclined";
  }
  const service = virtualService().register(
    "pay",
    handler(async () => {
      throw new PaymentDeclined("card expired");
    }),
  );
  const out = await service.invoke({ FunctionName: "pay" });
  t.is(out.StatusCode, 200);
  t.is(out.FunctionError, "Unhandled");
  t.deepEqual(JSON.parse(out.Payload ?? ""), { errorType: "PaymentDeclined", errorMessage: "card expired" });
  t.is(service.execution(out.DurableExecutionArn).status, "FAILED");
  await service.close();
});

test("a handler returning nothing answers the payload null", async (t) => {
  const service = virtualService().register(
    "void",
    handler(async () => undefined),
  );
  t.is((await service.invoke({ FunctionName: "void" })).Payload, "null");
  await service.close();
});

test("DurableExecutionName: the same name and payload is the same execution; another payload is a 409", async (t) => {
  let invocations = 0;
  const service = virtualService().register(
    "double",
    handler(async (event: { n: number }, ctx) => {
      invocations += 1;
      await ctx.wait("a day", { days: 1 });
      return event.n * 2;
    }),
  );
  const first = await service.invoke({ FunctionName: "double", InvocationType: "Event", DurableExecutionName: "order-7", Payload: '{"n":7}' });
  const again = await service.invoke({ FunctionName: "double", InvocationType: "Event", DurableExecutionName: "order-7", Payload: '{"n":7}' });
  t.is(again.DurableExecutionArn, first.DurableExecutionArn);
  t.regex(first.DurableExecutionArn, /\/durable-execution\/order-7\//);

  const conflict = await t.throwsAsync(
    service.invoke({ FunctionName: "double", InvocationType: "Event", DurableExecutionName: "order-7", Payload: '{"n":8}' }),
  );
  t.true(conflict instanceof EngineError);
  t.like(conflict, { name: "DurableExecutionAlreadyStartedException", statusCode: 409 });

  // Once it ended, a RequestResponse with the same name answers the stored result without running it again.
  await service.waitForEnd(first.DurableExecutionArn);
  const runs = invocations;
  const replayed = await service.invoke({ FunctionName: "double", DurableExecutionName: "order-7", Payload: '{"n":7}' });
  t.like(replayed, { StatusCode: 200, Payload: "14", DurableExecutionArn: first.DurableExecutionArn });
  t.is(invocations, runs);
  const listed = await service.listDurableExecutionsByFunction({ FunctionName: "double" });
  t.is((listed.DurableExecutions as unknown[]).length, 1);
  await service.close();
});

test("start() honours the name too, and returns the ARN at once", async (t) => {
  const service = virtualService().register("double", slowDouble);
  const arn = service.start("double", { n: 1 }, { name: "once" });
  t.is(service.start("double", { n: 1 }, { name: "once" }), arn);
  t.throws(() => service.start("double", { n: 2 }, { name: "once" }), { name: "DurableExecutionAlreadyStartedException" });
  t.is(service.execution(arn).inputPayload, '{"n":1}');
  t.is((await service.waitForEnd(arn)).result, '{"doubled":2}');
  await service.close();
});

test("DryRun checks the request and starts nothing", async (t) => {
  const service = virtualService().register("double", slowDouble);
  const out = await service.invoke({ FunctionName: "double", InvocationType: "DryRun", Payload: '{"n":1}' });
  t.is(out.StatusCode, 204);
  t.deepEqual(service.executions(), []);
  await service.close();
});

test("a function nobody registered is ResourceNotFoundException, as Lambda answers", async (t) => {
  const service = virtualService();
  const error = await t.throwsAsync(service.invoke({ FunctionName: "missing" }));
  t.like(error, { name: "ResourceNotFoundException", statusCode: 404 });
  t.regex(error?.message ?? "", /Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing:\$LATEST/);
  t.throws(() => service.start("missing"), { name: "ResourceNotFoundException" });
  await service.close();
});

test("FunctionName may be a name with a version or a function ARN", async (t) => {
  const service = virtualService().register("double", slowDouble);
  const byArn = await service.invoke({
    FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:double:7",
    InvocationType: "Event",
    Payload: '{"n":1}',
  });
  t.regex(byArn.DurableExecutionArn, /:function:double:7\/durable-execution\//);
  const qualified = await service.invoke({ FunctionName: "double", Qualifier: "3", Payload: '{"n":2}' });
  t.like(qualified, { ExecutedVersion: "3", Payload: '{"doubled":4}' });
  await service.close();
});
