import { isObservable, type Observable, type Subscription } from "rxjs";
import type { TestScheduler } from "rxjs/testing";
import { runDetached } from "../../context/active-context.js";
import { ContextScope } from "../../context/context-scope.js";
import { createDurableContext } from "../../context/create-durable-context.js";
import type { DurableContext } from "../../context/durable-context.js";
import { Checkpointer } from "../../checkpoint/checkpointer.js";
import { LIMITS } from "../../checkpoint/limits.js";
import { failedOutput, isInvocationFailure } from "../../lambda/invocation-output.js";
import { loadAll, terminal } from "./invocation-parts.js";
import type { DurableConfig } from "../../lambda/durable-config.js";
import type { DurableEngine } from "../../local/engine/engine.js";
import type { HandlerOutcome } from "../../local/invoke-handler.js";
import { timeoutError } from "../../local/invoke-handler.js";
import { createLambdaContext } from "../../local/lambda-context.js";
import { ExecutionState } from "../../replay/execution-state.js";
import { executionInput } from "../../replay/execution-input.js";
import { jsonSerdes } from "../../serdes/index.js";
import { pendingWorkError, promiseWorkflowError, stalledWorkflowError } from "./marble-errors.js";
import type { MarbleRun } from "./marble-run.js";
import { VirtualPort, type CheckpointRequest } from "./virtual-port.js";
import { VirtualScope } from "./virtual-scope.js";

/** A workflow as marble tests drive it: what `durable(fn)` wraps, returning an Observable (or a plain value). */
export type Workflow<T = unknown> = (input: any, ctx: DurableContext) => T | Observable<T>;

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

type Result = { kind: "value"; value: unknown } | { kind: "error"; error: unknown };

export interface VirtualInvocationSetup {
  readonly run: MarbleRun;
  readonly scheduler: TestScheduler;
  readonly engine: DurableEngine;
  readonly arn: string;
  readonly number: number;
  /** The service's clock (epoch ms), which moves with the TestScheduler's frames. */
  readonly now: () => number;
  readonly config: DurableConfig;
  /** Frames each checkpoint request takes (default 0). */
  readonly latency: number;
  /** Lambda's deadline for one invocation, in frames (ms). */
  readonly timeoutMs: number;
  readonly onValue: (value: unknown) => void;
  readonly onRequest: (request: CheckpointRequest) => void;
  readonly onEnd: (outcome: HandlerOutcome, failure?: unknown) => void;
  /** Names this invocation in error messages. */
  readonly where: string;
}

/**
 * One invocation of a workflow, as `durable()` runs it (DESIGN.md "Suspension, terminal
 * conditions, invocation end"), but every decision taken synchronously in virtual time:
 * the checkpointer runs on the TestScheduler against the engine, suspension is decided
 * when nothing runs and something is blocked (after the queue is flushed), the answer
 * waits for the queue to drain, and Lambda's deadline is a virtual timer too.
 */
export class VirtualInvocation {
  readonly scope: VirtualScope;
  readonly startedAt: number;
  ended = false;
  private readonly port: VirtualPort;
  private subscription: Subscription | undefined;
  private epoch = 0;
  private pendingAnswer: Result | undefined;
  private checkQueued = false;
  private refresh: Subscription | undefined;
  private readonly deadline: Subscription;

  constructor(private readonly setup: VirtualInvocationSetup) {
    const { engine, arn, scheduler, now, config } = setup;
    this.startedAt = scheduler.now();
    const begun = engine.beginInvocation(arn, now());
    const state = new ExecutionState(loadAll(engine, begun.event));
    const lambdaContext = createLambdaContext(begun.requestId, arn.split("/durable-execution/")[0] ?? arn, {
      getRemainingTimeInMillis: () => Math.max(0, setup.timeoutMs - (scheduler.now() - this.startedAt)),
    });
    this.scope = new VirtualScope(
      state,
      { executionArn: arn, lambdaContext, sink: config.logger ?? quiet, serdes: config.serdes ?? jsonSerdes, dev: config.dev ?? false },
      { changed: () => this.changed(), poisoned: (error) => this.finish(terminal(error, config), error) },
    );
    this.port = new VirtualPort({
      engine,
      scheduler,
      now,
      latency: setup.latency,
      invocation: setup.number,
      onRequest: setup.onRequest,
      onApplied: () => this.armRefresh(),
      // Decisions that waited for the queue to drain are taken again, once the answer is in.
      onSettled: () => setup.run.schedule(() => {
        if (this.pendingAnswer) this.answer(this.pendingAnswer);
        else this.changed();
      }),
    });
    const checkpoint = config.checkpoint ?? {};
    this.scope.checkpointer = new Checkpointer(this.port, arn, begun.event.CheckpointToken, state, {
      beginWork: () => this.scope.beginWork(),
      fail: (error) => this.scope.poison(error),
      detached: runDetached,
    }, {
      mode: checkpoint.mode ?? "eager",
      windowMs: checkpoint.windowMs ?? 10,
      maxBatchOperations: checkpoint.maxBatchOperations ?? LIMITS.maxBatchOperations,
      maxBatchBytes: checkpoint.maxBatchBytes ?? LIMITS.maxBatchBytes,
      transientRetries: 3,
      scheduler,
    });
    this.deadline = setup.run.schedule(() => this.timeOut(), setup.timeoutMs);
  }

  /** Calls the workflow and follows its Observable; the invocation ends with an answer, a suspension or a failure. */
  run<T>(workflow: Workflow<T>): void {
    const where = this.setup.where;
    const root = new ContextScope(this.scope, undefined, { replaying: this.scope.state.size > 1 });
    let output: unknown;
    try {
      output = workflow(executionInput(this.scope.state), createDurableContext(root));
    } catch (error) {
      return this.answer({ kind: "error", error });
    }
    if (!isObservable(output) && typeof (output as PromiseLike<unknown> | null)?.then === "function") {
      (output as Promise<unknown>).then(undefined, () => {});
      this.finish({ thrown: new Error("the workflow returned a Promise") });
      throw promiseWorkflowError(where);
    }
    if (!isObservable(output)) return this.answer({ kind: "value", value: output });
    let last: unknown;
    this.subscription = output.subscribe({
      next: (value) => {
        last = value;
        if (!this.ended) this.setup.onValue(value);
      },
      error: (error: unknown) => this.answer({ kind: "error", error }),
      complete: () => this.answer({ kind: "value", value: last }),
    });
  }

  /** The service changed something this invocation has not seen (a callback answered): it learns at once. */
  refreshNow(): void {
    if (!this.ended && this.scope.live) this.setup.run.schedule(() => this.scope.checkpointer.refresh());
  }

  /** The run is over: closes the scope quietly, with no answer to anyone (late work is dropped). */
  abandon(): void {
    if (this.ended) return;
    this.ended = true;
    this.deadline.unsubscribe();
    this.refresh?.unsubscribe();
    this.subscription?.unsubscribe();
    this.scope.close();
  }

  /**
   * Lambda's deadline. Work still running then, with nothing virtual left that could
   * finish it, is waiting for a Promise: that is a marble test's mistake, not a timeout.
   */
  private timeOut(): void {
    if (this.scope.working > 0 && !this.setup.run.hasForeignWork()) {
      this.abandon();
      throw pendingWorkError(this.setup.where, this.scope.working);
    }
    // Nothing running, nothing blocked on the service, nothing scheduled, yet not finished:
    // the workflow waits for a Promise no operation counts (an async child context function).
    if (this.scope.working === 0 && this.scope.blockedCount === 0 && !this.setup.run.hasForeignWork()) {
      this.abandon();
      throw stalledWorkflowError(this.setup.where);
    }
    this.finish({ thrown: timeoutError(this.setup.timeoutMs) });
  }

  private idle(): boolean {
    return this.scope.checkpointer.pending === 0 && this.port.inFlight === 0;
  }

  /** The handler finished: nothing is reported before every update is acknowledged (durable.ts `answer`). */
  private answer(result: Result): void {
    if (this.ended) return;
    this.pendingAnswer = undefined;
    const poisoned = this.scope.poisonedWith;
    if (poisoned) return this.finish(terminal(poisoned, this.setup.config), poisoned);
    if (!this.idle()) {
      void this.scope.checkpointer.flush();
      if (!this.idle()) {
        this.pendingAnswer = result;
        return;
      }
    }
    const late = this.scope.poisonedWith;
    if (late) return this.finish(terminal(late, this.setup.config), late);
    if (result.kind === "error") {
      return this.finish(isInvocationFailure(result.error) ? { thrown: result.error } : { output: failedOutput(result.error) }, result.error);
    }
    const text = result.value === undefined ? undefined : JSON.stringify(result.value);
    this.finish({ output: text === undefined ? { Status: "SUCCEEDED" } : { Status: "SUCCEEDED", Result: text } });
  }

  /** Suspension, decided as the scope would: nothing runs, something is blocked, the queue is flushed, nothing moved. */
  private changed(): void {
    this.epoch++;
    const scope = this.scope;
    if (this.ended || this.checkQueued || !scope.live || scope.working > 0 || scope.blockedCount === 0) return;
    this.checkQueued = true;
    const seen = this.epoch;
    this.setup.run.schedule(() => this.check(seen));
  }

  private check(seen: number): void {
    this.checkQueued = false;
    if (this.ended || !this.scope.live) return;
    if (this.epoch !== seen) return this.changed();
    if (!this.idle()) {
      // The acknowledgement may unblock something; the port's settle asks again.
      void this.scope.checkpointer.flush();
      if (!this.idle()) return;
      if (this.epoch !== seen) return this.changed();
    }
    // The workflow already finished and only waited for the queue to drain: it answers, it does not suspend
    // (a loser of a race still blocked on a callback must not turn a completed workflow into PENDING).
    if (this.pendingAnswer) return this.answer(this.pendingAnswer);
    this.finish({ output: { Status: "PENDING" } });
  }

  /**
   * While the invocation is alive, ask the service for news when its next timer comes
   * due: what the SDK's own refresh timer does (await-status.ts), which reads the wall
   * clock and so cannot follow virtual time by itself.
   */
  private armRefresh(): void {
    this.refresh?.unsubscribe();
    const due = this.setup.engine.nextDueAt(this.setup.arn);
    if (due === undefined || this.ended) return;
    this.refresh = this.setup.run.schedule(() => {
      if (!this.ended && this.scope.live) this.scope.checkpointer.refresh();
    }, Math.max(0, due - this.setup.now()));
  }

  private finish(outcome: HandlerOutcome, failure?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.deadline.unsubscribe();
    this.refresh?.unsubscribe();
    this.subscription?.unsubscribe();
    this.scope.close();
    this.setup.onEnd(outcome, failure ?? ("thrown" in outcome ? outcome.thrown : undefined));
  }
}
