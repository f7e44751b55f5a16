import type { LambdaClientLike } from "../checkpoint/ambient-client.js";
import type { ErrorObject, InvocationStatus } from "../wire/types.js";
import { DurableEngine } from "./engine/engine.js";
import type { StartExecutionParams } from "./engine/executions.js";
import type { ExecutionRecord, ExecutionStatus } from "./engine/records.js";
import { InProcessLambdaClient } from "./in-process-client.js";
import { invokeHandler, type DurableHandler } from "./invoke-handler.js";
import { createLambdaContext, DEFAULT_INVOCATION_TIMEOUT_MS, type LambdaContextLike } from "./lambda-context.js";
import { RealClock, VirtualClock, type ServiceClock } from "./virtual-clock.js";
import { describeWaitingFor } from "./waiting-for.js";

export type { DurableHandler };

export interface RunToCompletionOptions {
  /** The invoke payload as a value; it is JSON-serialized (absent: Lambda's `{}`). */
  input?: unknown;
  engine?: DurableEngine;
  /** Defaults to an InProcessLambdaClient on `engine` reading the run's clock. */
  client?: LambdaClientLike;
  /** `virtual` (default) jumps to each deadline at once; `real` sleeps until it. */
  clock?: "virtual" | "real" | ServiceClock;
  /** Invocations before giving up (default 50). */
  maxInvocations?: number;
  functionName?: string;
  /** Durable execution name (default: generated). */
  name?: string;
  lambdaContext?: Partial<LambdaContextLike>;
  /** Called each time the execution suspends with nothing due yet: the place to complete callbacks. */
  onSuspended?(info: { arn: string; engine: DurableEngine; now: number }): void | Promise<void>;
  /** Real milliseconds an invocation may run before it counts as timed out (default 15 min, Lambda's maximum). */
  invocationTimeoutMs?: number;
  /** Real clock only: how long to wait for an outside change when no deadline is pending (default 5 s). */
  idleTimeoutMs?: number;
  /**
   * The functions a chained invoke (`ctx.invoke`) may call, by name. When an execution
   * starts a CHAINED_INVOKE, the runner runs that function as an execution of its own on
   * the same engine and clock, to its end, and records the outcome on the invoke. A name
   * missing here fails the invoke with ResourceNotFoundException. Without this option,
   * chained invokes are left for `onSuspended` to complete.
   */
  functions?: Record<string, DurableHandler>;
}

export type InvocationSummary = { requestId: string } & ({ status: InvocationStatus } | { thrown: unknown });

export interface RunToCompletionResult {
  arn: string;
  status: ExecutionStatus;
  /** The execution's result payload as stored (a JSON string), when it SUCCEEDED with one. */
  result?: string;
  error?: ErrorObject;
  invocations: InvocationSummary[];
  engine: DurableEngine;
  client: LambdaClientLike;
}

/** The run could not finish: the message names what the execution was still waiting for. */
export class RunToCompletionError extends Error {
  override readonly name = "RunToCompletionError";
  constructor(
    message: string,
    readonly arn: string,
    readonly waitingFor: string[],
    readonly invocations: InvocationSummary[],
  ) {
    super(message);
  }
}

/**
 * Drives one execution to its end in-process: start it, invoke `handler` (with `client`
 * as the ambient client, DESIGN.md "The local service is a real service"), apply its
 * outcome, and while it is RUNNING, re-invoke when something changed or fire the next
 * deadline. Bounded: it throws RunToCompletionError rather than wait for what cannot come.
 */
export async function runToCompletion(
  handler: DurableHandler,
  options: RunToCompletionOptions = {},
): Promise<RunToCompletionResult> {
  const clock = resolveClock(options.clock);
  const engine = options.engine ?? new DurableEngine();
  const client = options.client ?? new InProcessLambdaClient(engine, { clock: clock.now });
  const input = options.input === undefined ? undefined : JSON.stringify(options.input);
  const functionName = options.functionName ?? "durable-function";
  return drive(handler, { engine, client, clock, options }, { functionName, name: options.name, input }, options.lambdaContext);
}

/** What one run shares with the executions its chained invokes start. */
interface RunResources {
  readonly engine: DurableEngine;
  readonly client: LambdaClientLike;
  readonly clock: ServiceClock;
  readonly options: RunToCompletionOptions;
}

async function drive(
  handler: DurableHandler,
  run: RunResources,
  params: StartExecutionParams,
  lambdaContext: Partial<LambdaContextLike> | undefined,
): Promise<RunToCompletionResult> {
  const { engine, client, clock, options } = run;
  const { arn } = engine.startExecution(params, clock.now());
  const functionArn = engine.describeExecution(arn, false).FunctionArn;
  const maxInvocations = options.maxInvocations ?? 50;
  const timeoutMs = options.invocationTimeoutMs ?? DEFAULT_INVOCATION_TIMEOUT_MS;
  const invocations: InvocationSummary[] = [];
  const record = (): ExecutionRecord => engine.getRecord(arn) as ExecutionRecord;
  const giveUp = (why: string): never => {
    const waitingFor = describeWaitingFor(record());
    throw new RunToCompletionError(
      `runToCompletion: ${why}; waiting for: ${waitingFor.join("; ")}`,
      arn,
      waitingFor,
      invocations,
    );
  };

  while (record().status === "RUNNING") {
    if (invocations.length >= maxInvocations) giveUp(`gave up after ${maxInvocations} invocations with ${arn} still RUNNING`);
    const start = engine.beginInvocation(arn, clock.now());
    const context = createLambdaContext(start.requestId, functionArn, lambdaContext, timeoutMs);
    const outcome = await invokeHandler(handler, client, start.event, context, timeoutMs);
    const end = engine.completeInvocation(arn, outcome, clock.now());
    // An output the service could not read counts as thrown; its reason is the recorded error.
    const summary =
      end.invocation.outcome === "THREW"
        ? { thrown: "thrown" in outcome ? outcome.thrown : end.invocation.error }
        : { status: end.invocation.outcome as InvocationStatus };
    invocations.push({ requestId: start.requestId, ...summary });
    if (end.status !== "RUNNING") continue;
    // A finished chained invoke is a change the execution has not seen: invoke it again.
    if (options.functions && (await runChainedInvokes(arn, run))) continue;
    if (end.reinvoke) continue;
    if (!(await waitForChange(engine, arn, clock, options))) {
      giveUp(`${arn} is RUNNING after ${invocations.length} invocation(s) and nothing will wake it`);
    }
  }
  const final = record();
  return { arn, status: final.status, result: final.result, error: final.error, invocations, engine, client };
}

function resolveClock(clock: RunToCompletionOptions["clock"]): ServiceClock {
  if (clock === "real") return new RealClock();
  if (clock === undefined || clock === "virtual") return new VirtualClock();
  return clock;
}

/** True once the execution has something new for an invocation (or ended); false when nothing can come. */
async function waitForChange(
  engine: DurableEngine,
  arn: string,
  clock: ServiceClock,
  options: RunToCompletionOptions,
): Promise<boolean> {
  const changed = (): boolean => {
    const record = engine.getRecord(arn) as ExecutionRecord;
    return record.status !== "RUNNING" || record.undelivered.length > 0;
  };
  await options.onSuspended?.({ arn, engine, now: clock.now() });
  // One macrotask, so work the handler left behind (a callback sent on a timer) can land.
  await new Promise((resolve) => setImmediate(resolve));
  if (changed()) return true;
  if (clock.kind === "virtual") {
    const due = engine.nextDueAt(arn);
    if (due === undefined) return false;
    await clock.advanceTo(due);
    engine.fireDue(clock.now());
    return changed();
  }
  const idleUntil = Date.now() + (options.idleTimeoutMs ?? 5000);
  for (;;) {
    const due = engine.nextDueAt(arn);
    if (due !== undefined && clock.now() >= due) engine.fireDue(clock.now());
    if (changed()) return true;
    if (due === undefined && Date.now() >= idleUntil) return false;
    // Short naps, so an outside change (a callback sent by the test) is noticed quickly.
    await clock.advanceTo(Math.min(due ?? Infinity, clock.now() + 10));
  }
}

/**
 * Runs every chained invoke `arn` has STARTED, each as an execution of the named
 * function on the same engine, client and clock, driven to its end, and records how it
 * ended on the invoke, as the service does when an invoked execution finishes. True
 * when any was recorded (a change the parent has not seen yet).
 */
async function runChainedInvokes(arn: string, run: RunResources): Promise<boolean> {
  const { engine, clock, options } = run;
  const started = (engine.getRecord(arn) as ExecutionRecord).operations.filter(
    (entry) => entry.op.Type === "CHAINED_INVOKE" && entry.op.Status === "STARTED" && entry.invoke,
  );
  for (const { op, invoke } of started) {
    const target = invoke!.functionName;
    const { functionName, qualifier } = parseFunctionName(target);
    const handler = options.functions?.[target] ?? options.functions?.[functionName];
    if (!handler) {
      const error = { ErrorType: "ResourceNotFoundException", ErrorMessage: `Function not found: ${target}` };
      engine.completeChainedInvoke(arn, op.Id, { status: "FAILED", error }, clock.now());
      continue;
    }
    const child = await drive(handler, run, { functionName, qualifier, input: invoke!.payload }, undefined);
    // drive() only returns once the child is no longer RUNNING.
    const status = child.status as Exclude<ExecutionStatus, "RUNNING">;
    engine.completeChainedInvoke(arn, op.Id, { status, result: child.result, error: child.error }, clock.now());
  }
  return started.length > 0;
}

const LOCAL_QUALIFIER = /^(\$LATEST(\.PUBLISHED)?|[0-9]+)$/;

/**
 * The model's FunctionName (`name`, `name:qualifier`, a full or partial function ARN)
 * → the function and qualifier an execution starts with. An alias has no meaning
 * locally: the registered function runs as `$LATEST`.
 */
function parseFunctionName(value: string): { functionName: string; qualifier?: string } {
  const parts = value.split(":");
  const at = parts.indexOf("function");
  const [functionName, qualifier] = at >= 0 ? parts.slice(at + 1) : parts;
  return { functionName: functionName!, qualifier: qualifier !== undefined && LOCAL_QUALIFIER.test(qualifier) ? qualifier : undefined };
}
