import type { LocalDurableService } from "../local/service/local-durable-service.js";

/**
 * What every unfinished execution of a run is blocked on, in words (the service's own
 * `waitingFor`, plus invocations still running and the steps they left open), so a
 * runner that gives up says why instead of hanging.
 */
export function describeSituation(service: LocalDurableService, rootArn: string | undefined): string[] {
  const lines: string[] = [];
  for (const execution of service.executions()) {
    if (execution.status !== "RUNNING") continue;
    const who = execution.arn === rootArn ? "" : `execution ${execution.name} of function ${execution.functionName}: `;
    const running = execution.invocations.find((invocation) => invocation.outcome === undefined);
    if (running) {
      const open = execution.operations
        .filter((op) => op.Type === "STEP" && op.Status === "STARTED")
        .map((op) => `STEP ${op.Name === undefined ? op.Id : `"${op.Name}" (${op.Id})`}`);
      const inside = open.length > 0 ? `, inside ${open.join(", ")}` : "";
      lines.push(`${who}invocation ${running.number} to return (it is still running${inside})`);
      continue;
    }
    for (const reason of execution.waitingFor ?? []) lines.push(`${who}${reason}`);
  }
  return lines.length > 0 ? lines : ["nothing: no execution of this run is RUNNING"];
}

/** `reasons` as an indented list for a message. */
export function bullets(reasons: readonly string[]): string {
  return reasons.map((reason) => `\n  - ${reason}`).join("");
}
