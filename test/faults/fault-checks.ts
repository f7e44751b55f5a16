import type { CheckpointFaultKind } from "../../src/local/checkpoint-faults.js";
import type { FaultRun } from "./fault-run.js";
import { deliveriesOf, endsInvocation, isInitialLoad } from "./fault-run.js";

const TRANSIENT = new Set(["throttled", "server-error", "timeout", "lost-response"]);

/** The name of the error each fault makes the client throw. */
const ERROR_NAMES: Record<CheckpointFaultKind, string> = {
  throttled: "TooManyRequestsException",
  "server-error": "ServiceException",
  timeout: "TimeoutError",
  "lost-response": "ECONNRESET",
  "stale-token": "InvalidParameterValueException",
  duplicate: "",
};

/**
 * Whether each injected fault was handled as PROTOCOL.md §8 classifies it, and no
 * request was applied twice. Returns the violations in words.
 *
 * - 429, 500, a timeout, a lost response: transient. The SDK sends the same request
 *   again (same ClientToken, same checkpoint token, same updates) within the
 *   invocation; when its last send fails too, the invocation throws.
 * - A stale token: invocation-level. The invocation throws (a CheckpointError), the
 *   request is not sent again, and Lambda (the service) invokes the execution again.
 * - A duplicate delivery: the SDK gets one answer, as if nothing happened.
 * - A read that pages in a checkpoint's answer fails: the checkpoint is sent again
 *   (same ClientToken: answered from the cache) and paged again. A read of the initial
 *   state fails: the same page is read again, as a checkpoint is sent again.
 * - Whatever the fault, the engine applies each ClientToken at most once; a request
 *   whose answer was lost, or that was delivered twice, was applied exactly once.
 */
export function faultViolations(run: FaultRun): string[] {
  const found: string[] = [];
  const { deliveries, engineCalls, execution } = run;
  const outcomeOf = (invocation: number) => execution.invocations[invocation - 1];

  deliveries.forEach((delivery, i) => {
    const where = `${delivery.fault} on delivery ${deliveriesOf(deliveries, i)} of ${delivery.clientToken} (invocation ${delivery.invocation})`;
    const later = deliveries.slice(i + 1).filter((d) => d.invocation === delivery.invocation);
    if (delivery.fault === "duplicate" && !("token" in delivery.answer)) found.push(`${where}: the SDK saw ${JSON.stringify(delivery.answer)}`);
    if (!delivery.fault || delivery.fault === "duplicate") return;
    if (TRANSIENT.has(delivery.fault) && !endsInvocation(deliveries, i)) {
      // The same checkpoint again; after a failed read, the checkpoint whose answer it paged.
      const next = later[0];
      const previous = deliveries
        .slice(0, i + 1)
        .filter((d) => d.command === "checkpoint" && d.clientToken === delivery.clientToken && d.invocation === delivery.invocation)
        .at(-1);
      if (!next) found.push(`${where}: the SDK never sent the request again`);
      else if (isInitialLoad(delivery)) {
        if (!isInitialLoad(next) || next.updates !== delivery.updates) found.push(`${where}: the next request was not the same page`);
      } else if (next.command !== "checkpoint" || next.clientToken !== delivery.clientToken || next.updates !== previous?.updates) {
        found.push(`${where}: the next request was not the same checkpoint (ClientToken ${next.clientToken})`);
      } else if (delivery.command === "checkpoint" && next.checkpointToken !== delivery.checkpointToken) {
        found.push(`${where}: the resend changed its checkpoint token`);
      }
      return;
    }
    // Invocation-level: a stale token, or the last send of a request failing.
    if (later.length > 0) found.push(`${where}: the invocation went on sending (${later.length} more requests)`);
    const outcome = outcomeOf(delivery.invocation);
    // A checkpoint's failure is a CheckpointError; the initial load throws the service's error as it came.
    const expected = isInitialLoad(delivery) ? ERROR_NAMES[delivery.fault] : "CheckpointError";
    if (outcome?.outcome !== "THREW") found.push(`${where}: the invocation ended ${outcome?.outcome}, not thrown`);
    else if (outcome.error?.ErrorType !== expected) found.push(`${where}: the invocation threw ${JSON.stringify(outcome.error)}`);
  });

  // Every thrown invocation has a fault that explains it.
  execution.invocations.forEach((invocation, index) => {
    if (invocation.outcome !== "THREW") return;
    const explained = deliveries.some((d, i) => d.invocation === index + 1 && endsInvocation(deliveries, i));
    if (!explained) found.push(`invocation ${index + 1} threw ${JSON.stringify(invocation.error)} with no fault that ends an invocation`);
  });

  // Applied at most once per ClientToken; a lost answer's request applied exactly once.
  const applied = new Map<string, number>();
  const cached = new Map<string, number>();
  for (const call of engineCalls) {
    const counts = call.result === "applied" ? applied : call.result === "cached" ? cached : undefined;
    if (call.clientToken !== undefined && counts) counts.set(call.clientToken, (counts.get(call.clientToken) ?? 0) + 1);
    if (call.clientToken === undefined) found.push("a checkpoint request reached the service without a ClientToken");
  }
  for (const [token, count] of applied) if (count > 1) found.push(`ClientToken ${token} was applied ${count} times`);
  for (const fault of run.faults) {
    if (fault.kind !== "lost-response" && fault.kind !== "duplicate") continue;
    const token = fault.clientToken ?? "";
    if (applied.get(token) !== 1) found.push(`${fault.kind} of ${token}: applied ${applied.get(token) ?? 0} times, not once`);
    // A duplicate's second copy always reaches the service, and finds the first applied.
    if (fault.kind === "duplicate" && (cached.get(token) ?? 0) < 1) found.push(`duplicate of ${token}: the second copy was not answered from the cache`);
  }
  return found;
}
