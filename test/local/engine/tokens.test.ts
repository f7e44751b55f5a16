import test from "ava";
import { running, stepStart, stepSucceed, T0, waitStart } from "../../helpers/engine-fixtures.js";

const TOKEN = /^[A-Za-z0-9+/]+={0,2}$/;

test("each invocation gets a fresh token; each checkpoint rotates it", (t) => {
  const r = running();
  const first = r.token;
  t.regex(first, TOKEN);
  const out = r.cp([stepStart("a")]);
  t.regex(out.CheckpointToken ?? "", TOKEN);
  t.not(out.CheckpointToken, first);
  const again = r.cp([]);
  t.not(again.CheckpointToken, out.CheckpointToken);
});

test("a stale token is fenced off with 'Invalid Checkpoint Token'", (t) => {
  const r = running();
  const stale = r.token;
  r.cp([stepStart("a")]);
  const error = t.throws(() =>
    r.engine.checkpoint({ DurableExecutionArn: r.arn, CheckpointToken: stale, Updates: [stepSucceed("a")] }, T0),
  );
  t.like(error, { name: "InvalidParameterValueException", message: "Invalid Checkpoint Token", statusCode: 400 });
  t.is(r.op("a")?.Status, "STARTED");
});

test("an unknown token is rejected the same way", (t) => {
  const r = running();
  const error = t.throws(() => r.engine.checkpoint({ DurableExecutionArn: r.arn, CheckpointToken: "Zm9v", Updates: [] }, T0));
  t.is(error?.message, "Invalid Checkpoint Token");
});

test("a new invocation fences off every token of the previous one", (t) => {
  const r = running();
  r.cp([waitStart("w", 10)]);
  const old = r.token;
  r.engine.completeInvocation(r.arn, { output: { Status: "PENDING" } }, T0);
  t.throws(() => r.cp([]), { message: "Invalid Checkpoint Token" });
  const { event } = r.engine.beginInvocation(r.arn, T0 + 1);
  t.throws(() => r.engine.checkpoint({ DurableExecutionArn: r.arn, CheckpointToken: old }, T0), {
    message: "Invalid Checkpoint Token",
  });
  t.throws(() => r.engine.getExecutionState({ DurableExecutionArn: r.arn, CheckpointToken: old }), {
    message: "Invalid Checkpoint Token",
  });
  t.notThrows(() => r.engine.checkpoint({ DurableExecutionArn: r.arn, CheckpointToken: event.CheckpointToken }, T0));
});

test("GetDurableExecutionState accepts any token of the running invocation", (t) => {
  const r = running();
  const eventToken = r.token;
  r.cp([stepStart("a")]);
  r.cp([stepSucceed("a")]);
  for (const token of [eventToken, r.token]) {
    const state = r.engine.getExecutionState({ DurableExecutionArn: r.arn, CheckpointToken: token });
    t.is(state.Operations?.length, 2);
  }
});

test("any checkpoint on a completed execution: 'Invalid checkpoint token', lower case", (t) => {
  const r = running();
  r.cp([{ Id: "x", Type: "EXECUTION", Action: "SUCCEED", Payload: "1" }]);
  const error = t.throws(() => r.cp([]));
  t.like(error, { name: "InvalidParameterValueException", message: "Invalid checkpoint token", statusCode: 400 });
});

test("ClientToken: a duplicate returns the cached response and applies once", (t) => {
  const r = running();
  const token = r.token;
  const request = { DurableExecutionArn: r.arn, CheckpointToken: token, Updates: [stepStart("a")], ClientToken: "c-1" };
  const first = r.engine.checkpoint(request, T0);
  const eventsAfterFirst = r.engine.getRecord(r.arn)?.events.length;
  const second = r.engine.checkpoint(request, T0 + 10);
  t.deepEqual(second, first);
  t.not(second, first);
  t.is(r.engine.getRecord(r.arn)?.events.length, eventsAfterFirst);
  t.is(r.engine.getRecord(r.arn)?.operations.filter((e) => e.op.Id === "a").length, 1);
  // The cached token is still the latest: the duplicate did not rotate it.
  t.notThrows(() => r.engine.checkpoint({ DurableExecutionArn: r.arn, CheckpointToken: first.CheckpointToken ?? "" }, T0));
});

test("ClientToken is checked before the token: a retry after a lost response succeeds with its stale token", (t) => {
  const r = running();
  const stale = r.token;
  const request = {
    DurableExecutionArn: r.arn,
    CheckpointToken: stale,
    Updates: [stepStart("a"), stepSucceed("a", "1")],
    ClientToken: "retry-me",
  };
  const lost = r.engine.checkpoint(request, T0);
  // The invocation never saw `lost`; the AWS SDK retries the same request.
  const retried = r.engine.checkpoint(request, T0 + 100);
  t.deepEqual(retried, lost);
  // Without the ClientToken, the same stale token is fenced off.
  t.throws(() => r.engine.checkpoint({ ...request, ClientToken: "other" }, T0 + 200), { message: "Invalid Checkpoint Token" });
});

test("ClientToken replays even after the request completed the execution", (t) => {
  const r = running();
  const request = {
    DurableExecutionArn: r.arn,
    CheckpointToken: r.token,
    Updates: [{ Id: "x", Type: "EXECUTION" as const, Action: "SUCCEED" as const, Payload: "1" }],
    ClientToken: "final",
  };
  const first = r.engine.checkpoint(request, T0);
  t.deepEqual(r.engine.checkpoint(request, T0 + 1), first);
  t.throws(() => r.engine.checkpoint({ ...request, ClientToken: "new" }, T0 + 2), { message: "Invalid checkpoint token" });
});

test("ClientToken is forgotten after its 15-minute window", (t) => {
  const r = running();
  const request = { DurableExecutionArn: r.arn, CheckpointToken: r.token, Updates: [stepStart("a")], ClientToken: "c" };
  r.engine.checkpoint(request, T0);
  t.notThrows(() => r.engine.checkpoint(request, T0 + 15 * 60 * 1000 - 1));
  t.throws(() => r.engine.checkpoint(request, T0 + 15 * 60 * 1000), { message: "Invalid Checkpoint Token" });
});

test("clientTokenTtlMs 0 turns de-duplication off", (t) => {
  const r = running({ clientTokenTtlMs: 0 });
  const request = { DurableExecutionArn: r.arn, CheckpointToken: r.token, Updates: [stepStart("a")], ClientToken: "c" };
  r.engine.checkpoint(request, T0);
  t.throws(() => r.engine.checkpoint(request, T0), { message: "Invalid Checkpoint Token" });
});

test("a malformed ClientToken is a ValidationException", (t) => {
  const r = running();
  const error = t.throws(() => r.cp([], T0, "has space"));
  t.is(error?.name, "ValidationException");
});

test("an unknown execution is ResourceNotFoundException 404", (t) => {
  const r = running();
  const error = t.throws(() => r.engine.checkpoint({ DurableExecutionArn: `${r.arn}x`, CheckpointToken: r.token }, T0));
  t.like(error, { name: "ResourceNotFoundException", statusCode: 404 });
});
