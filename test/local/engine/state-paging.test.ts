import test from "ava";
import type { OperationUpdate } from "../../../src/wire/types.js";
import { contextStart, newEngine, running, stepStart, stepSucceed, T0, waitStart } from "../../helpers/engine-fixtures.js";

const steps = (n: number, prefix = "s"): OperationUpdate[] =>
  Array.from({ length: n }, (_, i) => stepSucceed(`${prefix}${i}`, String(i)));

test("GetDurableExecutionState pages 100 by default, in start order, until NextMarker is absent", (t) => {
  const r = running();
  r.cp(steps(149));
  const get = (Marker?: string, MaxItems?: number) =>
    r.engine.getExecutionState({ DurableExecutionArn: r.arn, CheckpointToken: r.token, Marker, MaxItems });
  const page1 = get();
  t.is(page1.Operations?.length, 100);
  t.is(page1.Operations?.[0].Type, "EXECUTION");
  t.truthy(page1.NextMarker);
  const page2 = get(page1.NextMarker);
  t.is(page2.Operations?.length, 50);
  t.is(page2.NextMarker, undefined);
  const ids = [...(page1.Operations ?? []), ...(page2.Operations ?? [])].slice(1).map((o) => o.Id);
  t.deepEqual(
    ids,
    steps(149).map((u) => u.Id),
  );
  t.is(get(undefined, 0).Operations?.length, 100);
  t.is(get(undefined, 1000).Operations?.length, 150);
  t.is(get(undefined, 7).Operations?.length, 7);
});

test("GetDurableExecutionState rejects MaxItems over 1000 and a forged marker", (t) => {
  const r = running();
  t.throws(() => r.engine.getExecutionState({ DurableExecutionArn: r.arn, CheckpointToken: r.token, MaxItems: 1001 }), {
    name: "ValidationException",
  });
  t.throws(() => r.engine.getExecutionState({ DurableExecutionArn: r.arn, CheckpointToken: r.token, Marker: "bm9wZQ==" }), {
    name: "InvalidParameterValueException",
    message: "Invalid marker.",
  });
});

/** c0 (completed, no ReplayChildren) ⊃ { s1, c1 (STARTED) ⊃ s2 }; r0 (completed, ReplayChildren) ⊃ s3; open ⊃ s4. */
function nested() {
  const r = running();
  r.cp([
    contextStart("c0"),
    stepSucceed("s1", "1", { ParentId: "c0" }),
    contextStart("c1", { ParentId: "c0" }),
    stepStart("s2", { ParentId: "c1" }),
    contextStart("r0"),
    stepSucceed("s3", "3", { ParentId: "r0" }),
    contextStart("open"),
    stepStart("s4", { ParentId: "open" }),
  ]);
  r.cp([
    { Id: "c0", Type: "CONTEXT", Action: "SUCCEED", Payload: "{}" },
    { Id: "r0", Type: "CONTEXT", Action: "SUCCEED", Payload: "", ContextOptions: { ReplayChildren: true } },
  ]);
  return r;
}

test("GetDurableExecutionState leaves out children of completed CONTEXTs unless ReplayChildren", (t) => {
  const r = nested();
  const ids = r.engine
    .getExecutionState({ DurableExecutionArn: r.arn, CheckpointToken: r.token })
    .Operations?.slice(1)
    .map((o) => o.Id);
  // s1 and c1 are hidden by c0; s2 is hidden with its hidden parent c1.
  t.deepEqual(ids, ["c0", "r0", "s3", "open", "s4"]);
});

test("a hidden subtree does not break paging", (t) => {
  const r = nested();
  const ids: string[] = [];
  let Marker: string | undefined;
  do {
    const page = r.engine.getExecutionState({ DurableExecutionArn: r.arn, CheckpointToken: r.token, Marker, MaxItems: 2 });
    ids.push(...(page.Operations ?? []).map((o) => o.Id));
    Marker = page.NextMarker;
  } while (Marker);
  t.deepEqual(ids.slice(1), ["c0", "r0", "s3", "open", "s4"]);
});

test("the invocation event includes every operation, with ISO timestamps", (t) => {
  const r = nested();
  r.engine.completeInvocation(r.arn, { output: { Status: "PENDING" } }, T0);
  const { event } = r.engine.beginInvocation(r.arn, T0 + 1);
  const ops = event.InitialExecutionState.Operations ?? [];
  t.deepEqual(ops.map((o) => o.Id).slice(1), ["c0", "s1", "c1", "s2", "r0", "s3", "open", "s4"]);
  t.is(event.InitialExecutionState.NextMarker, "");
  t.is(ops[0].StartTimestamp, new Date(T0).toISOString());
  t.is(ops.find((o) => o.Id === "s1")?.EndTimestamp, new Date(T0).toISOString());
  t.is(event.DurableExecutionArn, r.arn);
  t.deepEqual(JSON.parse(ops[0].ExecutionDetails?.InputPayload ?? ""), {});
});

test("the invocation event pages with NextMarker past eventPageSize; the SDK pages the rest with the event token", (t) => {
  const engine = newEngine({ eventPageSize: 4 });
  const r = running({}, '{"k":1}', engine);
  r.cp([contextStart("c"), ...steps(3).map((u) => ({ ...u, ParentId: "c" })), stepSucceed("tail", "1")]);
  r.cp([{ Id: "c", Type: "CONTEXT", Action: "SUCCEED" }]);
  engine.completeInvocation(r.arn, { output: { Status: "PENDING" } }, T0);
  const { event } = engine.beginInvocation(r.arn, T0);
  t.is(event.InitialExecutionState.Operations?.length, 4);
  t.truthy(event.InitialExecutionState.NextMarker);
  const rest = engine.getExecutionState({
    DurableExecutionArn: r.arn,
    CheckpointToken: event.CheckpointToken,
    Marker: event.InitialExecutionState.NextMarker,
    MaxItems: 1000,
  });
  // The continuation lists every operation, like the first page (hidden children included).
  t.deepEqual(
    rest.Operations?.map((o) => o.Id),
    ["s2", "tail"],
  );
  t.is(rest.NextMarker, undefined);
  t.is(typeof rest.Operations?.[0].StartTimestamp, "number");
});

test("NewExecutionState holds the operations changed since the last response, in start order", (t) => {
  const r = running();
  r.cp([stepSucceed("a", "1"), waitStart("w", 5)]);
  const out = r.cp([stepSucceed("b", "2")], T0 + 1);
  t.deepEqual(
    out.NewExecutionState?.Operations?.map((o) => o.Id),
    ["b"],
  );
  // The wait ends between checkpoints: a refresh call (Updates: []) reports it.
  r.engine.fireDue(T0 + 5000);
  const refresh = r.cp([], T0 + 5000);
  t.deepEqual(
    refresh.NewExecutionState?.Operations?.map((o) => [o.Id, o.Status]),
    [["w", "SUCCEEDED"]],
  );
  t.deepEqual(r.cp([]).NewExecutionState, { Operations: [] });
});

test("NewExecutionState pages past newStatePageSize; GetDurableExecutionState continues it", (t) => {
  const r = running({ newStatePageSize: 10 });
  const out = r.cp(steps(25));
  t.is(out.NewExecutionState?.Operations?.length, 10);
  const ids = (out.NewExecutionState?.Operations ?? []).map((o) => o.Id);
  let Marker = out.NewExecutionState?.NextMarker;
  t.truthy(Marker);
  while (Marker) {
    const page = r.engine.getExecutionState({ DurableExecutionArn: r.arn, CheckpointToken: r.token, Marker, MaxItems: 10 });
    ids.push(...(page.Operations ?? []).map((o) => o.Id));
    Marker = page.NextMarker;
  }
  t.deepEqual(
    ids,
    steps(25).map((u) => u.Id),
  );
  // Only the latest listing can be paged.
  const stale = out.NewExecutionState?.NextMarker;
  r.cp(steps(12, "x"));
  t.throws(() => r.engine.getExecutionState({ DurableExecutionArn: r.arn, CheckpointToken: r.token, Marker: stale }), {
    message: "Invalid marker.",
  });
});
