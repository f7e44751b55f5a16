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

/** One request as the SDK sent it, and what came back. */
export interface Delivery {
  readonly invocation: number;
  /** A checkpoint, or a GetDurableExecutionState read that pages state in. */
  readonly command: "checkpoint" | "read";
  /**
   * A checkpoint's ClientToken; for a read, that of the checkpoint whose answer it pages
   * in (undefined while the invocation loads its initial state).
   */
  readonly clientToken: string | undefined;
  readonly checkpointToken: string;
  /** The request's Updates, as JSON (a resend must carry the very same); for a read, its Marker. */
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
  /** Fault GetDurableExecutionState too. */
  readonly reads?: boolean;
  /** Operations per state page (see CrashRunOptions.pageSize); small with `reads`, so there are reads to fault. */
  readonly pageSize?: number;
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
  const { pageSize, ...faultOptions } = settings;
  const pages = pageSize === undefined ? {} : { eventPageSize: pageSize, newStatePageSize: pageSize };
  const service = new LocalDurableService({
    clock: "virtual",
    engine: { ids: sequentialIds(), maxConsecutiveInvocationFailures: 25, ...pages },
    closeGraceMs: 0,
    faults: { ...faultOptions, onFault: (fault) => faults.push(fault) },
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

/**
 * Whether the fault met by delivery `i` ends its invocation (PROTOCOL.md §8): a stale
 * token; a transient fault on the last send of a checkpoint (or on a read paging in its
 * answer, which sends the checkpoint again), or on the last read of an initial state page.
 */
export function endsInvocation(deliveries: readonly Delivery[], i: number): boolean {
  const delivery = deliveries[i]!;
  if (!delivery.fault || delivery.fault === "duplicate") return false;
  if (delivery.fault === "stale-token") return true;
  return TRANSIENT.has(delivery.fault) && deliveriesOf(deliveries, i) >= DELIVERIES_PER_REQUEST;
}

/** A read made before the invocation's first checkpoint: the event's state being paged in. */
export const isInitialLoad = (delivery: Delivery): boolean => delivery.command === "read" && delivery.clientToken === undefined;

/**
 * How many times delivery `i`'s request had been sent by then: its checkpoint (for a read
 * paging in a checkpoint's answer, that checkpoint), or its page of the initial state.
 */
export function deliveriesOf(deliveries: readonly Delivery[], i: number): number {
  const delivery = deliveries[i]!;
  const same = (d: Delivery) =>
    isInitialLoad(delivery)
      ? isInitialLoad(d) && d.updates === delivery.updates
      : d.command === "checkpoint" && d.clientToken === delivery.clientToken;
  return deliveries.slice(0, i + 1).filter((d) => d.invocation === delivery.invocation && same(d)).length;
}

/** Wraps the client one invocation's SDK uses and records each checkpoint delivery. */
class DeliveryLog implements LambdaClientLike {
  constructor(
    private readonly inner: LambdaClientLike,
    private readonly invocation: number,
    private readonly log: Delivery[],
    private readonly faults: readonly InjectedFault[],
  ) {}

  /** The ClientToken of this invocation's latest checkpoint: what a read pages in for. */
  private lastClientToken: string | undefined;

  async send(command: unknown): Promise<unknown> {
    const { input } = command as { input: CheckpointDurableExecutionInput };
    const name = (command as object).constructor.name;
    const read = name === "GetDurableExecutionStateCommand";
    if (name !== "CheckpointDurableExecutionCommand" && !read) return this.inner.send(command);
    if (!read) this.lastClientToken = input.ClientToken;
    const faultsBefore = this.faults.length;
    // The in-process client draws its fault synchronously, inside this call.
    const answer = this.inner.send(command);
    const fault = this.faults.length > faultsBefore ? this.faults[this.faults.length - 1]!.kind : undefined;
    const base = {
      invocation: this.invocation,
      command: read ? ("read" as const) : ("checkpoint" as const),
      clientToken: this.lastClientToken,
      checkpointToken: input.CheckpointToken,
      updates: read ? String((input as { Marker?: string }).Marker) : JSON.stringify(input.Updates ?? []),
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
