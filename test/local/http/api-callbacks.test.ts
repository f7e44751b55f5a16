import {
  GetDurableExecutionCommand,
  InvokeCommand,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
  StopDurableExecutionCommand,
} from "@aws-sdk/client-lambda";
import test from "ava";
import { eventually, serve } from "./service-over-http.js";
import { text, encode, approval } from "./workflows.js";

/**
 * StopDurableExecution and the callback operations through the real LambdaClient over
 * HTTP: payload-member bodies, raw result bytes, closed, unknown and malformed callbacks.
 */

test("StopDurableExecution: the body is the ErrorObject; the execution is STOPPED with it; a second stop is refused", async (t) => {
  const { client, service, close } = await serve(t, (s) => s.register("approval", approval));
  const { DurableExecutionArn: arn } = await client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event" }));
  await eventually(client, arn as string, (e) => e.EventType === "CallbackStarted");
  const stopped = await client.send(
    new StopDurableExecutionCommand({ DurableExecutionArn: arn, Error: { ErrorType: "Cancelled", ErrorMessage: "changed my mind" } }),
  );
  t.true(stopped.StopTimestamp instanceof Date);
  const described = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
  t.like(described, { Status: "STOPPED", Error: { ErrorType: "Cancelled", ErrorMessage: "changed my mind" } });
  t.deepEqual(described.EndTimestamp, stopped.StopTimestamp);
  const again = await t.throwsAsync(client.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn })));
  t.like(again, { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } });
  const unknown = await t.throwsAsync(client.send(new StopDurableExecutionCommand({ DurableExecutionArn: `${arn}0` })));
  t.like(unknown, { name: "ResourceNotFoundException" });

  // A stop without an error is accepted too.
  const second = await client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event" }));
  await eventually(client, second.DurableExecutionArn as string, (e) => e.EventType === "CallbackStarted");
  await client.send(new StopDurableExecutionCommand({ DurableExecutionArn: second.DurableExecutionArn }));
  t.is(service.execution(second.DurableExecutionArn as string).status, "STOPPED");
  await close();
});

test("callbacks: success delivers the raw bytes while a RequestResponse invoke waits for the end", async (t) => {
  const { client, service, close } = await serve(t, (s) => s.register("approval", approval));
  const invoke = client.send(new InvokeCommand({ FunctionName: "approval", DurableExecutionName: "wants-approval" }));
  const arn = await new Promise<string>((resolve) => {
    const poll = () => {
      const found = service.executions()[0];
      if (found) resolve(found.arn);
      else setTimeout(poll, 5);
    };
    poll();
  });
  const started = await eventually(client, arn, (e) => e.EventType === "CallbackStarted");
  const callbackId = started.CallbackStartedDetails?.CallbackId as string;
  await client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
  await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: encode('{"by":"manager"}') }));
  const out = await invoke;
  t.is(out.StatusCode, 200);
  t.deepEqual(JSON.parse(text(out.Payload)), { approved: { by: "manager" } });
  const succeeded = await eventually(client, arn, (e) => e.EventType === "CallbackSucceeded");
  t.is(succeeded.CallbackSucceededDetails?.Result?.Payload, '{"by":"manager"}');

  // The callback is closed now: every further call is the model's CallbackTimeoutException.
  for (const command of [
    new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: encode("1") }),
    new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId }),
    new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }),
  ]) {
    const closed = await t.throwsAsync(client.send(command as never));
    t.like(closed, { name: "CallbackTimeoutException", $metadata: { httpStatusCode: 400 } });
  }
  await close();
});

test("callbacks: failure delivers the ErrorObject; unknown and malformed ids are 404 and 400", async (t) => {
  const { client, service, close } = await serve(t, (s) => s.register("approval", approval));
  const { DurableExecutionArn: arn } = await client.send(new InvokeCommand({ FunctionName: "approval", InvocationType: "Event" }));
  const started = await eventually(client, arn as string, (e) => e.EventType === "CallbackStarted");
  const callbackId = started.CallbackStartedDetails?.CallbackId as string;
  t.regex(callbackId, /^[A-Za-z0-9+/]+={0,2}$/);
  await client.send(
    new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: { ErrorType: "Rejected", ErrorMessage: "over budget" } }),
  );
  const done = await service.waitForEnd(arn as string);
  t.deepEqual(JSON.parse(done.result ?? ""), { failed: "CallbackError: over budget" });

  const unknownId = Buffer.from(JSON.stringify({ a: arn, o: "nope", n: "x" })).toString("base64");
  const unknown = await t.throwsAsync(client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: unknownId })));
  t.like(unknown, { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } });
  const malformed = await t.throwsAsync(client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: "not base64!" })));
  t.like(malformed, { name: "ValidationException", $metadata: { httpStatusCode: 400 } });
  const tooBig = await t.throwsAsync(
    client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: new Uint8Array(262_145) })),
  );
  t.like(tooBig, { name: "ValidationException", $metadata: { httpStatusCode: 400 } });
  await close();
});
