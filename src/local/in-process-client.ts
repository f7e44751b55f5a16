import { randomUUID } from "node:crypto";
import type { LambdaClientLike } from "../checkpoint/ambient-client.js";
import type { CheckpointDurableExecutionInput, ErrorObject, GetDurableExecutionStateInput } from "../wire/types.js";
import { EngineError } from "./engine/engine-error.js";
import type { DurableEngine } from "./engine/engine.js";
import { convertTimestamps, toDate } from "./engine/wire.js";
import { toAwsError } from "./aws-error.js";
import { CheckpointFaults, type CheckpointFaultOptions } from "./checkpoint-faults.js";

export interface InProcessClientOptions {
  /** Real milliseconds each request waits before the engine sees it (0: none). */
  latencyMs?: number;
  /** Called before the engine sees a request; throw to inject a fault (nothing is applied). */
  beforeRequest?(name: string, input: unknown): void;
  /** Called after the engine applied a request; throw to simulate a lost response. */
  afterResponse?(name: string, input: unknown, output: unknown): void;
  /** The service's clock, epoch ms (default `Date.now`); the runner passes its virtual clock. */
  clock?: () => number;
  /** Injects checkpoint API faults (429, 500, timeouts, lost responses, stale tokens, duplicates) at a seeded rate (see CheckpointFaults). */
  faults?: CheckpointFaultOptions;
}

export interface InProcessClientStats {
  requests: number;
  errors: number;
  byCommand: Record<string, number>;
  checkpoints: number;
  updates: number;
  /** `Updates.length` of every checkpoint request, in order. */
  updatesPerCheckpoint: number[];
}

type Handler = (input: Record<string, unknown>, now: number) => unknown;

/**
 * A `LambdaClient` stand-in that serves durable-execution commands from a DurableEngine
 * in-process, behaving as `@aws-sdk/client-lambda` does against the real service:
 * outputs carry `Date` timestamps and `$metadata`, errors carry `name`, `$fault` and
 * `$metadata.httpStatusCode`, and CheckpointDurableExecution gets a ClientToken when the
 * caller sent none (the model's idempotency token). Inputs and outputs are deep copies,
 * so the caller never shares an object with the engine.
 *
 * Accepts the SDK's command objects (dispatching on `constructor.name`) or a plain
 * `{ name, input }`, where `name` may omit the `Command` suffix.
 */
export class InProcessLambdaClient implements LambdaClientLike {
  readonly stats: InProcessClientStats = emptyStats();
  private readonly clock: () => number;
  private readonly handlers: Record<string, Handler>;
  private readonly faults: CheckpointFaults | undefined;

  constructor(
    readonly engine: DurableEngine,
    private readonly options: InProcessClientOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.handlers = handlersFor(engine);
    this.faults = options.faults && new CheckpointFaults(options.faults);
  }

  async send(command: unknown): Promise<unknown> {
    const { name, input } = readCommand(command);
    const handler = Object.hasOwn(this.handlers, name) ? this.handlers[name] : undefined;
    if (!handler) throw new Error(`InProcessLambdaClient does not implement ${name}`);
    const request = structuredClone(input);
    this.count(name, request);
    const requestId = randomUUID();
    // Hook faults pass through as thrown (an engine error is shaped like the service's);
    // anything the engine throws is a service error, a 500 when it is not an EngineError.
    const fail = (error: unknown, fromEngine: boolean): never => {
      this.stats.errors += 1;
      throw fromEngine || error instanceof EngineError ? toAwsError(error, requestId) : error;
    };
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    try {
      this.options.beforeRequest?.(name, structuredClone(request));
    } catch (error) {
      fail(error, false);
    }
    const fault = this.faults?.draw(name, request, requestId);
    if (fault?.apply === "never") {
      if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      fail(fault.error, false);
    }
    let output: unknown;
    try {
      // A duplicate: the network hands the service the same request, same ClientToken, twice.
      if (fault?.apply === "twice") {
        request.ClientToken ??= randomUUID();
        handler(structuredClone(request), this.clock());
      }
      output = handler(request, this.clock());
    } catch (error) {
      fail(error, true);
    }
    try {
      this.options.afterResponse?.(name, structuredClone(request), structuredClone(output));
    } catch (error) {
      fail(error, false);
    }
    // Applied, and the answer is lost on the way back.
    if (fault?.apply === "once") fail(fault.error, false);
    const metadata = { httpStatusCode: 200, requestId, attempts: 1, totalRetryDelay: 0 };
    return { ...(convertTimestamps(output, toDate) as object), $metadata: metadata };
  }

  resetStats(): void {
    Object.assign(this.stats, emptyStats());
  }

  private count(name: string, input: Record<string, unknown>): void {
    this.stats.requests += 1;
    this.stats.byCommand[name] = (this.stats.byCommand[name] ?? 0) + 1;
    if (name === "CheckpointDurableExecution") {
      const updates = Array.isArray(input.Updates) ? input.Updates.length : 0;
      this.stats.checkpoints += 1;
      this.stats.updates += updates;
      this.stats.updatesPerCheckpoint.push(updates);
    }
  }
}

function emptyStats(): InProcessClientStats {
  return { requests: 0, errors: 0, byCommand: {}, checkpoints: 0, updates: 0, updatesPerCheckpoint: [] };
}

function readCommand(command: unknown): { name: string; input: Record<string, unknown> } {
  if (typeof command !== "object" || command === null) throw new TypeError("send() expects a command object");
  const plain = command as { name?: unknown; input?: unknown; constructor?: { name?: unknown } };
  const className = typeof plain.constructor?.name === "string" ? plain.constructor.name : "";
  // A plain `{ name, input }` names itself; an SDK command is named by its class.
  const isPlain = plain.constructor === undefined || plain.constructor === Object;
  const raw = isPlain && typeof plain.name === "string" ? plain.name : className;
  const name = raw.endsWith("Command") ? raw.slice(0, -"Command".length) : raw;
  const input = typeof plain.input === "object" && plain.input !== null ? (plain.input as Record<string, unknown>) : {};
  return { name, input };
}

const ms = (value: unknown): number | undefined =>
  value instanceof Date ? value.getTime() : typeof value === "number" ? value : undefined;

function handlersFor(engine: DurableEngine): Record<string, Handler> {
  const arn = (input: Record<string, unknown>): string => String(input.DurableExecutionArn);
  return {
    CheckpointDurableExecution: (input, now) =>
      engine.checkpoint(
        {
          ...(input as unknown as CheckpointDurableExecutionInput),
          ClientToken: (input.ClientToken as string | undefined) ?? randomUUID(),
        },
        now,
      ),
    GetDurableExecutionState: (input) => engine.getExecutionState(input as unknown as GetDurableExecutionStateInput),
    GetDurableExecution: (input) => engine.describeExecution(arn(input), input.IncludeExecutionData !== false),
    GetDurableExecutionHistory: (input) => engine.getHistory(arn(input), input),
    ListDurableExecutionsByFunction: (input) =>
      engine.listExecutions({
        ...(input as { FunctionName: string }),
        StartedAfter: ms(input.StartedAfter),
        StartedBefore: ms(input.StartedBefore),
      }),
    StopDurableExecution: (input, now) => engine.stopExecution(arn(input), input.Error as ErrorObject | undefined, now),
    SendDurableExecutionCallbackSuccess: (input, now) => {
      const result = input.Result;
      // The SDK sends the result as a blob; its bytes become CallbackDetails.Result (§18.54).
      const text = result instanceof Uint8Array ? new TextDecoder().decode(result) : (result as string | undefined);
      engine.succeedCallback(String(input.CallbackId), text, now);
      return {};
    },
    SendDurableExecutionCallbackFailure: (input, now) => {
      engine.failCallback(String(input.CallbackId), input.Error as ErrorObject | undefined, now);
      return {};
    },
    SendDurableExecutionCallbackHeartbeat: (input, now) => {
      engine.heartbeatCallback(String(input.CallbackId), now);
      return {};
    },
  };
}
