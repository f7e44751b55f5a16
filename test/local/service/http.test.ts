import {
  GetDurableExecutionCommand,
  InvokeCommand,
  LambdaClient,
  ListDurableExecutionsByFunctionCommand,
  SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import test from "ava";
import { callbackIdOf, handler, virtualService } from "./helpers.js";

// This test's own LambdaClient would print the AWS SDK's Node 20 notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/**
 * The service behind `listen()`, driven by the real `@aws-sdk/client-lambda` client as
 * a tool written against Lambda would drive it; the handlers it invokes checkpoint
 * in-process meanwhile.
 */
async function serve() {
  const service = virtualService({ stuckAfterMs: 10_000 }).register(
    "approvals",
    handler(async (event: { item: string }, ctx) => {
      const approval = await ctx.createCallback<{ by: string }>("approval");
      const { by } = await approval.result;
      await ctx.wait("cool-off", { hours: 1 });
      return `${event.item} approved by ${by}`;
    }),
  );
  const { endpoint } = await service.listen();
  const client = new LambdaClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
  return { service, endpoint, client };
}

test("a RequestResponse invoke over HTTP answers once a callback sent over HTTP let the execution finish", async (t) => {
  const { service, client } = await serve();
  t.teardown(() => service.close());
  const invoked = client.send(
    new InvokeCommand({
      FunctionName: "approvals",
      DurableExecutionName: "po-17",
      Payload: new TextEncoder().encode(JSON.stringify({ item: "laptop" })),
    }),
  );
  const callbackId = await callbackIdOf(service, "approval");
  await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: new TextEncoder().encode('{"by":"grace"}') }));
  const out = await invoked;
  t.is(out.StatusCode, 200);
  t.is(new TextDecoder().decode(out.Payload), '"laptop approved by grace"');
  t.regex(out.DurableExecutionArn ?? "", /durable-execution\/po-17\//);
  const described = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: out.DurableExecutionArn }));
  t.is(described.Status, "SUCCEEDED");
  const listed = await client.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "approvals" }));
  t.deepEqual(
    listed.DurableExecutions?.map((e) => e.DurableExecutionName),
    ["po-17"],
  );
  client.destroy();
  await service.close();
});

test("GET /events streams the service's events; Last-Event-ID resumes after the given one", async (t) => {
  const { service, endpoint, client } = await serve();
  t.teardown(() => service.close());
  const arn = (await client.send(new InvokeCommand({ FunctionName: "approvals", InvocationType: "Event", Payload: new TextEncoder().encode('{"item":"desk"}') })))
    .DurableExecutionArn as string;
  const callbackId = await callbackIdOf(service, "approval", arn);
  await service.sendDurableExecutionCallbackSuccess({ CallbackId: callbackId, Result: '{"by":"alan"}' });
  await service.waitForEnd(arn);
  const all = service.eventsSince(0);

  const response = await fetch(`${endpoint}/events?executionArn=${encodeURIComponent(arn)}`, { headers: { "last-event-id": "5" } });
  t.is(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
  const reader = response.body!.getReader();
  let text = "";
  while (!text.includes("ExecutionSucceeded")) text += new TextDecoder().decode((await reader.read()).value);
  await reader.cancel();
  const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
  t.deepEqual(
    ids,
    all.slice(5).map((e) => e.seq),
  );
  client.destroy();
  await service.close();
});
