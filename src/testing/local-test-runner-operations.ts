import type { RunSession } from "./local-test-runner-session.js";
import type { TestOperation } from "./test-result-operation.js";

export interface WaitForOperationOptions {
  /** 0 (default) for the first operation of this name to start, 1 for the second... */
  index?: number;
  /** `"started"` (default): resolve once it has started; `"ended"`: once it succeeded or failed. */
  until?: "started" | "ended";
}

/**
 * Waits, on `session`, for the `index`-th operation named `name` of the execution (at any
 * depth) to start or end, following the service's events from the first; resolves with
 * a snapshot of the operation at that moment.
 */
export function waitForOperation(session: RunSession, name: string, { index = 0, until = "started" }: WaitForOperationOptions): Promise<TestOperation> {
  const order: string[] = [];
  const seen = new Set<string>();
  const ended = new Set<string>();
  let cursor = 0;
  const probe = (): TestOperation | undefined => {
    for (; cursor < session.events.length; cursor++) {
      const event = session.events[cursor];
      const id = event.operationId;
      if (event.executionArn !== session.executionArn || event.name !== name || id === undefined) continue;
      if (!seen.has(id)) {
        seen.add(id);
        order.push(id);
      }
      if (event.type === "operation.succeeded" || event.type === "operation.failed") ended.add(id);
    }
    const id = order[index];
    if (id === undefined || (until === "ended" && !ended.has(id))) return undefined;
    return session.operation(id);
  };
  const which = `"${name}"${index === 0 ? "" : ` #${index + 1}`}`;
  return session.waitFor(probe, (why) => {
    const what = until === "ended" && order.length > index ? "started but never ended" : "never started";
    return `LocalTestRunner: operation ${which} ${what}: ${why}\nOperations that started: ${startedNames(session)}.`;
  });
}

function startedNames(session: RunSession): string {
  const names = new Set<string>();
  for (const event of session.events) {
    if (event.executionArn === session.executionArn && event.type === "operation.started" && event.name !== undefined) names.add(`"${event.name}"`);
  }
  return names.size === 0 ? "none with a name" : [...names].join(", ");
}
