import { filter, type Subscription } from "rxjs";
import type { LocalDurableService } from "../../src/local.js";
import type { ExecutionRecord, StoredOperation } from "../../src/local/engine/index.js";
import type { BodyRun } from "./bodies.js";
import { answerOf } from "./workflows.js";

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"]);

/**
 * What the checks need to have seen of one execution on a service while it ran: every
 * body run (with what the service held for its step at that moment) and every finished
 * operation the service ever held. Also answers its callbacks, as an outside party
 * would, as soon as each one starts.
 */
export class ExecutionWatch {
  arn = "";
  readonly runs: BodyRun[] = [];
  readonly everFinished = new Map<string, StoredOperation>();
  callbacksAnswered = 0;

  constructor(private readonly service: LocalDurableService) {}

  record(): ExecutionRecord | undefined {
    return this.arn === "" ? undefined : this.service.engine.getRecord(this.arn);
  }

  /** Remembers every operation the service now holds as finished (first copy kept). */
  noteFinished(): void {
    for (const entry of this.record()?.operations ?? []) {
      if (TERMINAL.has(entry.op.Status) && !this.everFinished.has(entry.op.Id)) this.everFinished.set(entry.op.Id, structuredClone(entry.op));
    }
  }

  /** Logs a body run, with its step's stored status found by `find`; returns its 1-based number. */
  bodyStarted(run: Omit<BodyRun, "run" | "storedStatus">, find: (ops: readonly StoredOperation[]) => StoredOperation | undefined): number {
    const stored = find(this.record()?.operations.map((entry) => entry.op) ?? []);
    this.runs.push({ ...run, run: this.runs.length + 1, storedStatus: stored?.Status });
    return this.runs.length;
  }

  /** Answers every callback on the macrotask after it started, with `answerOf(name)`. */
  answerCallbacks(): Subscription {
    return this.service.events$.pipe(filter((event) => event.detail.eventType === "CallbackStarted")).subscribe((event) => {
      setImmediate(() => {
        this.callbacksAnswered += 1;
        this.service
          .sendDurableExecutionCallbackSuccess({ CallbackId: event.detail.callbackId!, Result: JSON.stringify(answerOf(event.name ?? "unnamed")) })
          .catch(() => undefined);
      });
    });
  }
}
