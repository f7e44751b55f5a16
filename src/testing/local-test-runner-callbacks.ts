import type { LocalServiceEvent } from "../local/service/history-to-event.js";
import type { LocalLambdaApi } from "../local/service/lambda-api.js";
import type { ErrorObject } from "../wire/types.js";

/** How a test answers a callback: a value sent as JSON, a text sent as is, or a failure. */
export type CallbackAnswer = { succeed: unknown } | { succeedRaw: string } | { fail: unknown };

/** A callback that has started, as the runner saw it. */
export interface StartedCallback {
  /** Its own name, or its `waitForCallback`'s (whose callback is unnamed). */
  readonly name: string | undefined;
  /** 0 for the first callback of this name in the run, 1 for the second... */
  readonly index: number;
  readonly callbackId: string;
  readonly operationId: string;
  readonly executionArn: string;
}

/**
 * A started callback the test can answer, as an external party would through
 * SendDurableExecutionCallbackSuccess / Failure / Heartbeat: the same service calls, with
 * the same validation (a result over 256 KiB is refused here, as by Lambda).
 */
export class CallbackHandle implements StartedCallback {
  readonly name: string | undefined;
  readonly index: number;
  readonly callbackId: string;
  readonly operationId: string;
  readonly executionArn: string;

  constructor(
    started: StartedCallback,
    private readonly api: Pick<
      LocalLambdaApi,
      "sendDurableExecutionCallbackSuccess" | "sendDurableExecutionCallbackFailure" | "sendDurableExecutionCallbackHeartbeat"
    >,
  ) {
    ({ name: this.name, index: this.index, callbackId: this.callbackId, operationId: this.operationId, executionArn: this.executionArn } = started);
  }

  /** Completes the callback with `value` as JSON (the workflow's `await callback.result` gives it back). */
  async succeed(value?: unknown): Promise<void> {
    await this.api.sendDurableExecutionCallbackSuccess({ CallbackId: this.callbackId, Result: value === undefined ? undefined : JSON.stringify(value) });
  }

  /** Completes the callback with `text` exactly as given (for a `rawSerdes` callback, or text that is not JSON). */
  async succeedRaw(text: string): Promise<void> {
    await this.api.sendDurableExecutionCallbackSuccess({ CallbackId: this.callbackId, Result: text });
  }

  /** Fails the callback: an Error (its name and message), an ErrorObject, or a message. */
  async fail(error?: unknown): Promise<void> {
    await this.api.sendDurableExecutionCallbackFailure({ CallbackId: this.callbackId, Error: toCallbackError(error) });
  }

  /** Pushes the callback's heartbeat timeout out by its `heartbeatTimeout` from now. */
  async heartbeat(): Promise<void> {
    await this.api.sendDurableExecutionCallbackHeartbeat({ CallbackId: this.callbackId });
  }

  /** Gives `answer` (as declared in `run({ callbacks })`). */
  answer(answer: CallbackAnswer): Promise<void> {
    if ("succeed" in answer) return this.succeed(answer.succeed);
    if ("succeedRaw" in answer) return this.succeedRaw(answer.succeedRaw);
    return this.fail(answer.fail);
  }
}

/**
 * Follows callbacks as they start, from the service's events: names each one (a
 * `waitForCallback`'s CALLBACK is unnamed; its CONTEXT carries the name) and numbers it
 * among those of the same name.
 */
export class CallbackTracker {
  readonly started: StartedCallback[] = [];
  private readonly contexts = new Map<string, { name?: string; subType?: string }>();
  private readonly counts = new Map<string, number>();

  /** The callback `event` started, if it started one. */
  observe(event: LocalServiceEvent): StartedCallback | undefined {
    const key = (id: string | undefined): string => `${event.executionArn}\n${id}`;
    if (event.detail.eventType === "ContextStarted") this.contexts.set(key(event.operationId), { name: event.name, subType: event.subType });
    if (event.detail.eventType !== "CallbackStarted" || event.detail.callbackId === undefined) return undefined;
    const parent = event.parentId === undefined ? undefined : this.contexts.get(key(event.parentId));
    const name = event.name ?? (parent?.subType === "WaitForCallback" ? parent.name : undefined);
    const counted = name ?? "";
    const index = this.counts.get(counted) ?? 0;
    this.counts.set(counted, index + 1);
    const started = { name, index, callbackId: event.detail.callbackId, operationId: event.operationId ?? "", executionArn: event.executionArn };
    this.started.push(started);
    return started;
  }

  find(name: string, index: number): StartedCallback | undefined {
    return this.started.find((callback) => callback.name === name && callback.index === index);
  }

  /** `"approval", "approval" (2nd)` for messages. */
  names(): string {
    if (this.started.length === 0) return "none";
    return this.started.map((c) => `${c.name === undefined ? "(unnamed)" : `"${c.name}"`}${c.index > 0 ? ` (#${c.index + 1})` : ""}`).join(", ");
  }
}

/** The answer declared for the `index`-th callback of a name: a single answer applies to each. */
export function declaredAnswer(answers: CallbackAnswer | readonly CallbackAnswer[] | undefined, index: number): CallbackAnswer | undefined {
  if (answers === undefined) return undefined;
  return Array.isArray(answers) ? answers[index] : (answers as CallbackAnswer);
}

function toCallbackError(error: unknown): ErrorObject | undefined {
  if (error === undefined) return undefined;
  if (error instanceof Error) return { ErrorType: error.name, ErrorMessage: error.message };
  if (typeof error === "string") return { ErrorMessage: error };
  if (typeof error === "object" && error !== null && ("ErrorType" in error || "ErrorMessage" in error)) return error as ErrorObject;
  return { ErrorMessage: JSON.stringify(error) };
}
