import { InvokeCommand } from "@aws-sdk/client-lambda";
import test from "ava";
import { clientFor, serve } from "./service-over-http.js";
import { text, encode, greeter, failing } from "./workflows.js";

/**
 * Invoke through the real LambdaClient over HTTP: statuses, headers, payloads, errors,
 * idempotent start, and the Host/Origin guard as the client meets it.
 */

test("Invoke (RequestResponse) answers 200 once the execution ended: result payload, ARN and version headers", async (t) => {
  const { client, close } = await serve(t, (s) => s.register("greeter", greeter));
  const out = await client.send(new InvokeCommand({ FunctionName: "greeter", Payload: encode('{"name":"ada"}'), DurableExecutionName: "first" }));
  t.is(out.StatusCode, 200);
  t.deepEqual(JSON.parse(text(out.Payload)), { greeting: "hello ada", shout: "HELLO ADA" });
  t.is(out.DurableExecutionArn, "arn:aws:lambda:us-east-1:123456789012:function:greeter:$LATEST/durable-execution/first/id-1");
  t.is(out.ExecutedVersion, "$LATEST");
  t.is(out.FunctionError, undefined);
  await close();
});

test("Invoke of an execution that fails answers 200 with X-Amz-Function-Error and Lambda's error payload", async (t) => {
  const { client, close } = await serve(t, (s) => s.register("failing", failing));
  const out = await client.send(new InvokeCommand({ FunctionName: "failing" }));
  t.is(out.StatusCode, 200);
  t.is(out.FunctionError, "Unhandled");
  t.like(JSON.parse(text(out.Payload)), { errorType: "RangeError", errorMessage: "out of range" });
  t.truthy(out.DurableExecutionArn);
  await close();
});

test("Invoke (Event) answers 202 at once with the ARN; DryRun answers 204 and starts nothing", async (t) => {
  const { service, client, close } = await serve(t, (s) => s.register("greeter", greeter));
  const event = await client.send(new InvokeCommand({ FunctionName: "greeter", InvocationType: "Event", Payload: encode('{"name":"bo"}') }));
  t.is(event.StatusCode, 202);
  t.is(text(event.Payload), "");
  const done = await service.waitForEnd(event.DurableExecutionArn as string);
  t.is(done.status, "SUCCEEDED");
  t.is(event.ExecutedVersion, undefined);
  const dry = await client.send(new InvokeCommand({ FunctionName: "greeter", InvocationType: "DryRun" }));
  t.is(dry.StatusCode, 204);
  t.is(dry.DurableExecutionArn, undefined);
  t.is(service.executions().length, 1);
  await close();
});

test("Invoke with a qualifier and a function ARN as the name", async (t) => {
  const { client, close } = await serve(t, (s) => s.register("greeter", greeter));
  const out = await client.send(
    new InvokeCommand({
      FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:greeter",
      Qualifier: "3",
      Payload: encode('{"name":"cy"}'),
    }),
  );
  t.is(out.StatusCode, 200);
  t.regex(out.DurableExecutionArn ?? "", /:function:greeter:3\/durable-execution\//);
  t.is(out.ExecutedVersion, "3");
  await close();
});

test("Invoke errors: unknown function 404, bad execution name 400, payload not JSON 400", async (t) => {
  const { client, close } = await serve(t, (s) => s.register("greeter", greeter));
  const missing = await t.throwsAsync(client.send(new InvokeCommand({ FunctionName: "nobody" })));
  t.like(missing, { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } });
  const badName = await t.throwsAsync(client.send(new InvokeCommand({ FunctionName: "greeter", DurableExecutionName: "no spaces" })));
  t.like(badName, { name: "ValidationException", $metadata: { httpStatusCode: 400 } });
  const notJson = await t.throwsAsync(client.send(new InvokeCommand({ FunctionName: "greeter", Payload: encode("{oops") })));
  t.like(notJson, { name: "InvalidRequestContentException", $metadata: { httpStatusCode: 400 } });
  await close();
});

test("idempotent start: the same name and payload is the same execution; another payload is a 409", async (t) => {
  const { client, service, close } = await serve(t, (s) => s.register("greeter", greeter));
  const start = (payload: string) =>
    client.send(new InvokeCommand({ FunctionName: "greeter", InvocationType: "Event", DurableExecutionName: "once", Payload: encode(payload) }));
  const first = await start('{"name":"di"}');
  const again = await start('{"name":"di"}');
  t.is(again.DurableExecutionArn, first.DurableExecutionArn);
  const other = await t.throwsAsync(start('{"name":"eve"}'));
  t.like(other, { name: "DurableExecutionAlreadyStartedException", $metadata: { httpStatusCode: 409 } });
  await service.waitForEnd(first.DurableExecutionArn as string);
  // Still the same execution after it ended: RequestResponse answers with its result.
  const after = await client.send(new InvokeCommand({ FunctionName: "greeter", DurableExecutionName: "once", Payload: encode('{"name":"di"}') }));
  t.is(after.DurableExecutionArn, first.DurableExecutionArn);
  t.deepEqual(JSON.parse(text(after.Payload)), { greeting: "hello di", shout: "HELLO DI" });
  t.is(service.executions().length, 1);
  await close();
});

/** A client whose requests carry these headers (set after signing, as a browser or a rebinding page would). */
function withHeaders(client: ReturnType<typeof clientFor>, headers: Record<string, string>) {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = (args as { request: { headers: Record<string, string> } }).request;
      Object.assign(request.headers, headers);
      return next(args);
    },
    { step: "finalizeRequest", priority: "low", name: "testHeaders" },
  );
  return client;
}

test("Host and Origin through the LambdaClient: loopback and own origin accepted, rebinding and foreign origins refused", async (t) => {
  const { endpoint, service } = await serve(t, (s) => s.register("greeter", greeter));
  const port = new URL(endpoint).port;
  const attempt = async (headers: Record<string, string>) => {
    const client = withHeaders(clientFor(endpoint), headers);
    try {
      const out = await client.send(new InvokeCommand({ FunctionName: "greeter", InvocationType: "Event", Payload: encode('{"name":"x"}') }));
      return out.StatusCode;
    } catch (error) {
      return (error as { name: string }).name;
    } finally {
      client.destroy();
    }
  };
  t.is(await attempt({}), 202);
  t.is(await attempt({ host: `localhost:${port}` }), 202);
  t.is(await attempt({ origin: `http://127.0.0.1:${port}` }), 202);
  t.is(await attempt({ host: `rebound.attacker.example:${port}` }), "AccessDeniedException");
  t.is(await attempt({ origin: "https://attacker.example" }), "AccessDeniedException");
  t.is(await attempt({ origin: "null" }), "AccessDeniedException");
  t.is(service.executions().length, 3, "refused requests started nothing");
});
