import { durable, type CheckpointMode, type LambdaClientLike } from "../../src/index.js";
import { ambientClient } from "../../src/checkpoint/ambient-client.js";
import { LocalDurableService } from "../../src/local.js";
import type { CheckpointFaultKind, InjectedFault } from "../../src/local/checkpoint-faults.js";
import { sequentialIds } from "../../src/local/engine/index.js";
import type { CheckpointDurableExecutionInput } from "../../src/wire/types.js";
import { Bodies } from "../crash/bodies.js";
import { ExecutionWatch } from "../crash/execution-watch.js";
import type { CheckedRun } from "../crash/invariants.js";
import type { CrashWorkflow } from "../crash/workflows.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** One checkpoint request as the SDK sent it, and what came back. */
export interface Delivery {
  readonly invocation: number;
  readonly clientToken: string | undefined;
  readonly checkpointToken: string;
  /** The request's Updates, as JSON (a resend must carry the very same). */
  readonly updates: string;
  /** The fault the service injected into this delivery, if any. */
  readonly fault?: CheckpointFaultKind;
  /** The answer's checkpoint token, or the error the SDK got. */
  readonly answer: { readonly token: string } | { readonly error: string; readonly status?: number };
}

/** One call of the engine's checkpoint rule: applied, answered from the ClientToken cache, or rejected. */
export interface EngineCall {
  readonly clientToken: string | undefined;
  readonly result: "applied" | "cached" | "rejected";
}

export interface FaultRun extends CheckedRun {
  readonly workflow: string;
  readonly deliveries: readonly Delivery[];
  readonly engineCalls: readonly EngineCall[];
  readonly faults: readonly InjectedFault[];
}

export interface FaultSettings {
  readonly rate: number;
  readonly seed: number;
  readonly kinds?: readonly CheckpointFaultKind[];
  readonly timeoutMs?: number;
}

/** Sends of one request before the SDK gives up on it (its first send and 3 resends, Checkpointer). */
export const DELIVERIES_PER_REQUEST = 4;

/**
 * Runs `workflow` to its end on a LocalDurableService that injects checkpoint API faults
 * (its `faults` option) at `settings.rate`. Every checkpoint delivery the SDK makes is
 * recorded with the fault it met and its answer; every call of the engine's checkpoint
 * rule is recorded as applied, answered from the ClientToken cache, or rejected.
 * Thrown invocations are retried by the service; their cap is raised, because at a high
 * fault rate several invocations in a row may meet a stale token.
 */
export async function faultRun(workflow: CrashWorkflow, mode: CheckpointMode, settings: FaultSettings): Promise<FaultRun> {
  const faults: InjectedFault[] = [];
  const service = new LocalDurableService({
    clock: "virtual",
    engine: { ids: sequentialIds(), maxConsecutiveInvocationFailures: 25 },
    closeGraceMs: 0,
    faults: { ...settings, onFault: (fault) => faults.push(fault) },
  });
  const watch = new ExecutionWatch(service);
  const deliveries: Delivery[] = [];
  const engineCalls: EngineCall[] = [];
  const rejected: { input: unknown; error: string }[] = [];

  // The engine's own verdict on each call: applying a request moves the record's sequence.
  const engine = service.engine;
  const checkpoint = engine.checkpoint.bind(engine);
  engine.checkpoint = (input: CheckpointDurableExecutionInput, now: number) => {
    const before = engine.getRecord(input.DurableExecutionArn)?.seq;
    try {
      const output = checkpoint(input, now);
      const applied = engine.getRecord(input.DurableExecutionArn)?.seq !== before;
      engineCalls.push({ clientToken: input.ClientToken, result: applied ? "applied" : "cached" });
      watch.noteFinished();
      return output;
    } catch (error) {
      engineCalls.push({ clientToken: input.ClientToken, result: "rejected" });
      rejected.push({ input, error: `${(error as Error).name}: ${(error as Error).message}` });
      throw error;
    }
  };

  let invocations = 0;
  service.register("workflow", (event: unknown, context: unknown) => {
    const invocation = ++invocations;
    // The service's own client (faults and all), watched on its way.
    const client = new DeliveryLog(ambientClient()!, invocation, deliveries, faults);
    const bodies = new Bodies(
      { bodyStarted: (run, find) => ({ run: watch.bodyStarted(run, find), kill: false }) },
      { number: invocation, dead: false, kill: () => false },
    );
    return durable(workflow.handler(bodies), { client, checkpoint: { mode }, logger: quiet, dev: false })(event, context as never);
  });

  const answering = watch.answerCallbacks();
  try {
    watch.arn = service.start("workflow", {});
    const execution = await service.waitForEnd(watch.arn);
    watch.noteFinished();
    // Each stale token ends its invocation; so does a request whose every send failed.
    const expectedThrown = new Set(deliveries.filter((_, i) => endsInvocation(deliveries, i)).map((d) => d.invocation)).size;
    return {
      workflow: workflow.name,
      mode,
      execution,
      record: structuredClone(watch.record()!),
      runs: watch.runs,
      everFinished: watch.everFinished,
      rejected,
      expectedThrown,
      deliveries,
      engineCalls,
      faults,
    };
  } finally {
    answering.unsubscribe();
    await service.close();
  }
}

const TRANSIENT: ReadonlySet<CheckpointFaultKind> = new Set(["throttled", "server-error", "timeout", "lost-response"]);

/** Whether the fault met by delivery `i` ends its invocation (PROTOCOL.md §8): a stale token, or the last send failing. */
export function endsInvocation(deliveries: readonly Delivery[], i: number): boolean {
  const delivery = deliveries[i]!;
  if (delivery.fault === "stale-token") return true;
  if (!delivery.fault || !TRANSIENT.has(delivery.fault)) return false;
  return deliveriesOf(deliveries, i) >= DELIVERIES_PER_REQUEST;
}

/** How many times delivery `i`'s request had been sent, this send included. */
export function deliveriesOf(deliveries: readonly Delivery[], i: number): number {
  const { clientToken, invocation } = deliveries[i]!;
  return deliveries.slice(0, i + 1).filter((d) => d.clientToken === clientToken && d.invocation === invocation).length;
}

/** Wraps the client one invocation's SDK uses and records each checkpoint delivery. */
class DeliveryLog implements LambdaClientLike {
  constructor(
    private readonly inner: LambdaClientLike,
    private readonly invocation: number,
    private readonly log: Delivery[],
    private readonly faults: readonly InjectedFault[],
  ) {}

  async send(command: unknown): Promise<unknown> {
    const { input } = command as { input: CheckpointDurableExecutionInput };
    if ((command as object).constructor.name !== "CheckpointDurableExecutionCommand") return this.inner.send(command);
    const faultsBefore = this.faults.length;
    // The in-process client draws its fault synchronously, inside this call.
    const answer = this.inner.send(command);
    const fault = this.faults.length > faultsBefore ? this.faults[this.faults.length - 1]!.kind : undefined;
    const base = {
      invocation: this.invocation,
      clientToken: input.ClientToken,
      checkpointToken: input.CheckpointToken,
      updates: JSON.stringify(input.Updates ?? []),
      fault,
    };
    try {
      const output = (await answer) as { CheckpointToken?: string };
      this.log.push({ ...base, answer: { token: output.CheckpointToken ?? "" } });
      return output;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      this.log.push({ ...base, answer: { error: `${(error as Error).name}: ${(error as Error).message}`, status } });
      throw error;
    }
  }
}
