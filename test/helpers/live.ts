import { durable, type DurableConfig, type DurableContext } from "../../src/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { InProcessLambdaClient, type InProcessClientOptions } from "../../src/local/in-process-client.js";
import { runToCompletion, type RunToCompletionResult } from "../../src/local/in-process-runner.js";
import { RealClock, VirtualClock } from "../../src/local/virtual-clock.js";
import { RecordingClient } from "./recording-client.js";

export const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export interface LiveOptions extends Omit<InProcessClientOptions, "clock"> {
  input?: unknown;
  config?: DurableConfig;
  mode?: "eager" | "batched" | "optimistic";
  realTime?: boolean;
  engine?: DurableEngine;
  maxInvocations?: number;
}

export interface LiveRun {
  run: RunToCompletionResult;
  client: RecordingClient;
  engine: DurableEngine;
  /** The parsed result, when the execution succeeded with one. */
  result: any;
  /** Statuses (or THREW) of each invocation. */
  invocations: string[];
  /** Operations as the engine holds them at the end, keyed by Name. */
  byName(name: string): any;
}

/** Runs `fn` as a durable handler to its end on the in-process engine, recording every request. */
export async function runLive(fn: (event: any, ctx: DurableContext) => unknown, options: LiveOptions = {}): Promise<LiveRun> {
  const engine = options.engine ?? new DurableEngine();
  const clock = options.realTime ? new RealClock() : new VirtualClock();
  const { input, config, mode, realTime: _realTime, engine: _engine, maxInvocations, ...clientOptions } = options;
  const client = new RecordingClient(new InProcessLambdaClient(engine, { ...clientOptions, clock: clock.now }));
  const handler = durable(fn as never, { logger: quiet, dev: false, ...config, client, checkpoint: { mode: mode ?? "eager", ...config?.checkpoint } });
  const run = await runToCompletion(handler as never, { input, engine, client, clock, maxInvocations });
  const record = engine.getRecord(run.arn)!;
  const flat = record.operations.map((entry) => entry.op);
  return {
    run,
    client,
    engine,
    result: run.result === undefined || run.result === "" ? undefined : JSON.parse(run.result),
    invocations: run.invocations.map((i) => ("status" in i ? i.status : "THREW")),
    byName: (name) => flat.find((op) => op.Name === name) as any,
  };
}
