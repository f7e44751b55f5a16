import test from "ava";
import { CallbackError, CompletionConfig, durable, type DurableContext } from "../../src/index.js";
import { hashOperationId } from "../../src/ids/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { InProcessLambdaClient } from "../../src/local/in-process-client.js";
import { runToCompletion, type RunToCompletionOptions } from "../../src/local/in-process-runner.js";
import { VirtualClock } from "../../src/local/virtual-clock.js";
import { quiet } from "../helpers/live.js";
import { RecordingClient } from "../helpers/recording-client.js";

/** Runs `fn` to its end; `answer` completes callbacks each time the execution suspends. */
async function runAnswering(fn: (event: unknown, ctx: DurableContext) => unknown, answer: RunToCompletionOptions["onSuspended"]) {
  const engine = new DurableEngine();
  const clock = new VirtualClock();
  const client = new RecordingClient(new InProcessLambdaClient(engine, { clock: clock.now }));
  const handler = durable(fn as never, { logger: quiet, dev: false, client });
  const run = await runToCompletion(handler as never, { engine, client, clock, onSuspended: answer });
  return { run, client, result: run.result === undefined ? undefined : JSON.parse(run.result), invocations: run.invocations.map((i) => ("status" in i ? i.status : "THREW")) };
}

/** Answers each open callback by its parent item: `item-<i>` gets `answers[i]` (a result, or an Error to fail it). */
function answerByItem(answers: (string | Error)[]): RunToCompletionOptions["onSuspended"] {
  return ({ arn, engine, now }) => {
    for (const { op } of engine.getRecord(arn)!.operations) {
      const id = op.CallbackDetails?.CallbackId;
      if (op.Type !== "CALLBACK" || op.Status !== "STARTED" || !id) continue;
      const index = answers.findIndex((_answer, i) => op.ParentId === hashOperationId(`1-${i + 1}`));
      const answer = answers[index];
      if (answer instanceof Error) engine.failCallback(id, { ErrorType: answer.name, ErrorMessage: answer.message }, now);
      else engine.succeedCallback(id, answer, now);
    }
  };
}

test("a callback inside each map item: the batch suspends until they are answered, and each item gets its own answer", async (t) => {
  const notified: string[] = [];
  const live = await runAnswering(async (_event, ctx) => {
    const batch = await ctx.map("approvals", ["alice", "bob"], async (child, who) => {
      const { callbackId, result } = await child.createCallback<{ ok: boolean }>("approval", { timeout: { hours: 1 } });
      await child.step("notify", () => notified.push(`${who}:${callbackId.length > 0}`));
      return (await result).ok ? `${who} approved` : `${who} declined`;
    });
    return batch.results();
  }, answerByItem(['{"ok":true}', '{"ok":false}']));
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(live.result, ["alice approved", "bob declined"]);
  t.deepEqual(notified, ["alice:true", "bob:true"], "each notification step ran once");
  const callbacks = live.client.checkpoints.flat().filter((u) => u.Type === "CALLBACK");
  t.deepEqual(callbacks.map((u) => u.Id), [hashOperationId("1-1-1"), hashOperationId("1-2-1")]);
});

test("a failed callback fails its item only: it is in the result, and the other item (waiting) goes on", async (t) => {
  const live = await runAnswering(async (_event, ctx) => {
    const batch = await ctx.map(
      "mixed",
      ["callback", "wait"],
      async (child, kind) => {
        if (kind === "wait") {
          await child.wait("pause", { minutes: 5 });
          return "waited";
        }
        const { result } = await child.createCallback("answer");
        return result;
      },
      { completion: CompletionConfig.allCompleted() },
    );
    const [error] = batch.errors();
    return { results: batch.results(), error: [error.name, (error.cause as Error).name, error.message, error.cause instanceof CallbackError] };
  }, answerByItem([new Error("rejected by the approver")]));
  t.is(live.run.status, "SUCCEEDED");
  t.deepEqual(live.result, { results: ["waited"], error: ["ChildContextError", "CallbackError", "rejected by the approver", true] });
});
