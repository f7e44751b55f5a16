import { CheckpointDurableExecutionCommand, GetDurableExecutionStateCommand } from "@aws-sdk/client-lambda";
import test from "ava";
import { ambientClient } from "../../src/checkpoint/ambient-client.js";
import { DurableEngine, sequentialIds } from "../../src/local/engine/index.js";
import { runToCompletion, RunToCompletionError } from "../../src/local/in-process-runner.js";
import type { LambdaContextLike } from "../../src/local/lambda-context.js";
import { VirtualClock } from "../../src/local/virtual-clock.js";
import type {
  CheckpointDurableExecutionOutput,
  DurableExecutionInvocationInput,
  Operation,
  OperationUpdate,
} from "../../src/wire/types.js";
import { T0 } from "../helpers/engine-fixtures.js";

/**
 * A hand-written stand-in for the SDK: talks to whatever client the runner made ambient,
 * keeps the latest token, merges NewExecutionState, pages the initial state.
 */
async function handSdk(event: DurableExecutionInvocationInput) {
  const client = ambientClient();
  if (!client) throw new Error("no ambient client");
  const arn = event.DurableExecutionArn;
  let token = event.CheckpointToken;
  const ops = new Map<string, Operation>();
  for (const op of event.InitialExecutionState.Operations ?? []) ops.set(op.Id, op);
  let marker = event.InitialExecutionState.NextMarker;
  while (marker) {
    const page = (await client.send(
      new GetDurableExecutionStateCommand({
        DurableExecutionArn: arn,
        CheckpointToken: event.CheckpointToken,
        Marker: marker,
        MaxItems: 1000,
      }),
    )) as {
      Operations: Operation[];
      NextMarker?: string;
    };
    for (const op of page.Operations) ops.set(op.Id, op);
    marker = page.NextMarker;
  }
  return {
    ops,
    input: JSON.parse([...ops.values()][0].ExecutionDetails?.InputPayload ?? "{}") as unknown,
    async checkpoint(updates: OperationUpdate[]): Promise<CheckpointDurableExecutionOutput> {
      const out = (await client.send(
        new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: updates }),
      )) as CheckpointDurableExecutionOutput;
      token = out.CheckpointToken ?? token;
      for (const op of out.NewExecutionState?.Operations ?? []) ops.set(op.Id, op);
      return out;
    },
  };
}

const engine = () => new DurableEngine({ ids: sequentialIds() });

test("a wait of an hour: PENDING, then SUCCEEDED, in no real time", async (t) => {
  const clock = new VirtualClock(T0);
  const result = await runToCompletion(
    async (event) => {
      const sdk = await handSdk(event);
      const wait = sdk.ops.get("w");
      if (!wait) {
        await sdk.checkpoint([{ Id: "w", Type: "WAIT", SubType: "Wait", Action: "START", WaitOptions: { WaitSeconds: 3600 } }]);
        return { Status: "PENDING" };
      }
      if (wait.Status !== "SUCCEEDED") throw new Error(`wait is ${wait.Status}`);
      return { Status: "SUCCEEDED", Result: JSON.stringify({ echoed: sdk.input }) };
    },
    { input: { order: 7 }, clock, engine: engine() },
  );
  t.is(result.status, "SUCCEEDED");
  t.deepEqual(JSON.parse(result.result ?? ""), { echoed: { order: 7 } });
  t.deepEqual(
    result.invocations.map((i) => ("status" in i ? i.status : "thrown")),
    ["PENDING", "SUCCEEDED"],
  );
  t.is(clock.now(), T0 + 3_600_000);
  t.deepEqual(
    result.engine.getRecord(result.arn)?.invocations.map((i) => i.startMs),
    [T0, T0 + 3_600_000],
  );
});

test("a step that retries twice: one invocation per attempt", async (t) => {
  const result = await runToCompletion(async (event) => {
    const sdk = await handSdk(event);
    const step = sdk.ops.get("s");
    const attempt = (step?.StepDetails?.Attempt ?? 0) + 1;
    if (attempt < 3) {
      await sdk.checkpoint([
        { Id: "s", Type: "STEP", Action: "START" },
        {
          Id: "s",
          Type: "STEP",
          Action: "RETRY",
          Error: { ErrorMessage: `try ${attempt}` },
          StepOptions: { NextAttemptDelaySeconds: attempt },
        },
      ]);
      return { Status: "PENDING" };
    }
    await sdk.checkpoint([
      { Id: "s", Type: "STEP", Action: "START" },
      { Id: "s", Type: "STEP", Action: "SUCCEED", Payload: '"third time"' },
    ]);
    return { Status: "SUCCEEDED", Result: '"third time"' };
  });
  t.is(result.status, "SUCCEEDED");
  t.is(result.invocations.length, 3);
  t.is(result.engine.getRecord(result.arn)?.operations[1].op.StepDetails?.Attempt, 3);
});

test("a thrown invocation is re-invoked; one that always throws fails at the engine's cap", async (t) => {
  let calls = 0;
  const flaky = await runToCompletion(async () => {
    calls += 1;
    if (calls === 1) throw new Error("cold start hiccup");
    return { Status: "SUCCEEDED" };
  });
  t.is(flaky.status, "SUCCEEDED");
  t.true("thrown" in flaky.invocations[0] && flaky.invocations[0].thrown instanceof Error);

  const broken = await runToCompletion(async () => {
    throw new TypeError("always");
  });
  t.is(broken.status, "FAILED");
  t.is(broken.invocations.length, 3);
  t.like(broken.error, { ErrorType: "TypeError", ErrorMessage: "always" });
});

const callbackHandler = async (event: DurableExecutionInvocationInput) => {
  const sdk = await handSdk(event);
  const cb = sdk.ops.get("cb");
  if (!cb) {
    await sdk.checkpoint([
      { Id: "cb", Type: "CALLBACK", SubType: "Callback", Name: "approval", Action: "START", CallbackOptions: {} },
    ]);
    return { Status: "PENDING" as const };
  }
  if (cb.Status === "SUCCEEDED") return { Status: "SUCCEEDED" as const, Result: cb.CallbackDetails?.Result };
  return { Status: "PENDING" as const };
};

test("a callback nobody completes: a clear error instead of a hang", async (t) => {
  const error = await t.throwsAsync(runToCompletion(callbackHandler, { engine: engine() }), { instanceOf: RunToCompletionError });
  t.regex(
    error?.message ?? "",
    /nothing will wake it; waiting for: CALLBACK "approval" \(cb\) with CallbackId [A-Za-z0-9+/=]+ that nobody completed/,
  );
  t.is((error as RunToCompletionError).invocations.length, 1);
});

test("onSuspended can complete the callback", async (t) => {
  const result = await runToCompletion(callbackHandler, {
    onSuspended: ({ arn, engine: e, now }) => {
      const id = e.getRecord(arn)?.operations.find((entry) => entry.op.Id === "cb")?.op.CallbackDetails?.CallbackId ?? "";
      e.succeedCallback(id, '"approved"', now);
    },
  });
  t.is(result.status, "SUCCEEDED");
  t.is(result.result, '"approved"');
});

test("maxInvocations bounds a handler that never finishes", async (t) => {
  let n = 0;
  const error = await t.throwsAsync(
    runToCompletion(
      async (event) => {
        const sdk = await handSdk(event);
        await sdk.checkpoint([{ Id: `w${++n}`, Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 1 } }]);
        return { Status: "PENDING" };
      },
      { maxInvocations: 4 },
    ),
    { instanceOf: RunToCompletionError },
  );
  t.regex(
    error?.message ?? "",
    /^runToCompletion: gave up after 4 invocations with .* still RUNNING; waiting for: an invocation to see the change of w4$/,
  );
});

test("the handler sees the runner's client as ambient, a Lambda context, and a paged event", async (t) => {
  const e = new DurableEngine({ ids: sequentialIds(), eventPageSize: 2 });
  const seen: { context?: LambdaContextLike; opCount?: number; paged?: boolean; client?: unknown } = {};
  const result = await runToCompletion(
    async (event, context) => {
      const sdk = await handSdk(event);
      if (!sdk.ops.has("a")) {
        await sdk.checkpoint(
          [1, 2, 3].map((i) => ({
            Id: i === 1 ? "a" : `x${i}`,
            Type: "STEP" as const,
            Action: "SUCCEED" as const,
            Payload: String(i),
          })),
        );
        await sdk.checkpoint([{ Id: "w", Type: "WAIT", Action: "START", WaitOptions: { WaitSeconds: 1 } }]);
        return { Status: "PENDING" };
      }
      Object.assign(seen, {
        context,
        opCount: sdk.ops.size,
        paged: Boolean(event.InitialExecutionState.NextMarker),
        client: ambientClient(),
      });
      return { Status: "SUCCEEDED" };
    },
    { engine: e, functionName: "paging-fn", lambdaContext: { memoryLimitInMB: "512" } },
  );
  t.is(result.status, "SUCCEEDED");
  t.true(seen.paged);
  t.is(seen.opCount, 5);
  t.like(seen.context, { functionName: "paging-fn", functionVersion: "$LATEST", memoryLimitInMB: "512" });
  t.is(seen.context?.awsRequestId, result.invocations[1].requestId);
  t.true((seen.context?.getRemainingTimeInMillis() ?? 0) > 0);
  t.is(seen.client, result.client);
  t.is(ambientClient(), undefined);
});

test("a result checkpointed as an EXECUTION update survives the handler's Result ''", async (t) => {
  const big = JSON.stringify("r".repeat(100));
  const result = await runToCompletion(async (event) => {
    const sdk = await handSdk(event);
    await sdk.checkpoint([{ Id: "execution-result-1", Type: "EXECUTION", Action: "SUCCEED", Payload: big }]);
    return { Status: "SUCCEEDED", Result: "" };
  });
  t.is(result.status, "SUCCEEDED");
  t.is(result.result, big);
});

test("real clock: a callback sent from outside after the suspension wakes the execution", async (t) => {
  const result = await runToCompletion(
    async (event) => {
      const sdk = await handSdk(event);
      const cb = sdk.ops.get("cb");
      if (cb?.Status === "SUCCEEDED") return { Status: "SUCCEEDED", Result: cb.CallbackDetails?.Result };
      const out = await sdk.checkpoint([{ Id: "cb", Type: "CALLBACK", Action: "START", CallbackOptions: {} }]);
      const id = out.NewExecutionState?.Operations?.[0].CallbackDetails?.CallbackId ?? "";
      const { engine: e } = ambientClient() as unknown as { engine: DurableEngine };
      // An outside system answers a few milliseconds after the invocation suspended.
      setTimeout(() => e.succeedCallback(id, '"late"', Date.now()), 5);
      return { Status: "PENDING" };
    },
    { clock: "real", idleTimeoutMs: 2000 },
  );
  t.is(result.result, '"late"');
  t.is(result.invocations.length, 2);
});

test("a handler that never settles times out like Lambda, and the run still ends", async (t) => {
  const result = await runToCompletion(() => new Promise(() => undefined), { invocationTimeoutMs: 10 });
  t.is(result.status, "FAILED");
  t.is(result.invocations.length, 3);
  t.like(result.error, { ErrorType: "Sandbox.Timedout", ErrorMessage: "Task timed out after 0.01 seconds" });
});
