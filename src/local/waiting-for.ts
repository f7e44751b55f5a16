import type { ExecutionRecord } from "./engine/records.js";

/**
 * What a RUNNING execution is blocked on, in words, so a runner that gives up can say
 * why (a callback nobody completes, an invoke nobody runs) instead of hanging.
 */
export function describeWaitingFor(record: ExecutionRecord): string[] {
  const waiting: string[] = [];
  for (const entry of record.operations) {
    const { op } = entry;
    const label = `${op.Type} ${op.Name === undefined ? op.Id : `"${op.Name}" (${op.Id})`}`;
    if (op.Type === "CALLBACK" && op.Status === "STARTED") {
      waiting.push(`${label} with CallbackId ${op.CallbackDetails?.CallbackId} that nobody completed`);
    } else if (op.Type === "CHAINED_INVOKE" && op.Status === "STARTED") {
      waiting.push(`${label} of function ${entry.invoke?.functionName} that nobody ran`);
    } else if (op.Type === "WAIT" && op.Status === "STARTED") {
      waiting.push(`${label} until ${new Date(op.WaitDetails?.ScheduledEndTimestamp ?? 0).toISOString()}`);
    } else if (op.Type === "STEP" && op.Status === "PENDING") {
      waiting.push(`${label} retrying at ${new Date(op.StepDetails?.NextAttemptTimestamp ?? 0).toISOString()}`);
    } else if (op.Type === "STEP" && (op.Status === "STARTED" || op.Status === "READY")) {
      waiting.push(`${label} left ${op.Status} by the last invocation`);
    }
  }
  if (record.undelivered.length > 0) {
    waiting.unshift(`an invocation to see the change of ${record.undelivered.join(", ")}`);
  }
  if (waiting.length === 0)
    waiting.push("nothing: the handler returned PENDING with no wait, retry, callback or invoke outstanding");
  return waiting;
}
