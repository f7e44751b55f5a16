import { isObservable, Observable } from "rxjs";
import { TestScheduler, type RunHelpers } from "rxjs/testing";
import { DurableEngine } from "../../local/engine/engine.js";
import { DEFAULT_INVOCATION_TIMEOUT_MS } from "../../local/lambda-context.js";
import type { HistoryInput } from "../recorded-history.js";
import { MarbleExecutionDriver, type ExecuteOptions, type MarbleExecution } from "./marble-execution.js";
import { MarbleUsageError } from "./marble-errors.js";
import { MarbleRun } from "./marble-run.js";
import { seedExecution } from "./seed-execution.js";
import { parseServiceTime, type FrameMessage } from "./service-time.js";
import { VirtualInvocation, type Workflow } from "./virtual-invocation.js";

/** Options of {@link DurableRunHelpers.invocation}: those of `execute` that make sense for one invocation. */
export type InvocationOptions = Pick<ExecuteOptions, "input" | "config" | "latency" | "invocationTimeoutMs">;

/** rxjs's RunHelpers, plus the durable ones. */
export interface DurableRunHelpers extends RunHelpers {
  readonly scheduler: TestScheduler;
  /**
   * One invocation of `workflow` over `history` (or over a fresh execution), subscribed
   * when the diagram subscribes: replayed operations emit at once, synchronously (a
   * recorded history reads `(abc|)`), new work runs in virtual time against the engine.
   * It completes when the invocation succeeds, errors when it fails, and stays silent
   * when it suspends: suspension is not an error.
   */
  invocation<T>(workflow: Workflow<T>, history?: HistoryInput, options?: InvocationOptions): Observable<T>;
  /**
   * The whole execution, invocation after invocation, on the service-time axis: between
   * invocations virtual time jumps to the next timer, so `(ab) 5s (c|)` is two steps, a
   * five-second wait, a third step. Starts at frame 0, after what the test subscribed then.
   */
  execute<T>(workflow: Workflow<T>, options?: ExecuteOptions): MarbleExecution<T>;
  /** Asserts an execution's values$ (or any Observable) against service-time marbles (see parseServiceTime). */
  expectExecution(source: MarbleExecution<unknown> | Observable<unknown>): { toBe(marbles: string, values?: Record<string, unknown>, error?: unknown): void };
}

export interface DurableMarblesOptions {
  /** The service's clock at frame 0, epoch ms (default: now). */
  readonly epochMs?: number;
}

/**
 * Runs `body` inside `TestScheduler.run` with helpers that drive durable workflows in
 * virtual time: replayed operations emit synchronously, step bodies are `cold()`
 * Observables, the checkpointer batches on the TestScheduler, waits and retries move
 * service time between invocations. Works with any test framework: pass its deep-equal
 * assertion (or a TestScheduler built with one).
 *
 * `TestScheduler.run` is synchronous, so a Promise (an async workflow, a step body that
 * returns a Promise, or a bare value, which the SDK settles through one) can only settle
 * after it: such a test fails with a MarbleUsageError that says so, never a hang or a
 * puzzling diagram. Step bodies return Observables: `of(value)`, `cold(...)`.
 *
 * @example
 * ```ts
 * test("two steps, a wait, a step", (t) =>
 *   durableMarbles((actual, expected) => t.deepEqual(actual, expected), ({ execute, expectExecution, cold }) => {
 *     const workflow = (_input: unknown, ctx: DurableContext) =>
 *       concat(ctx.step("a", () => cold("(a|)")), ctx.step("b", () => of("b")), ctx.wait({ seconds: 5 }).pipe(ignoreElements()), ctx.step("c", () => of("c")));
 *     expectExecution(execute(workflow)).toBe("(ab) 5s (c|)");
 *   }));
 * ```
 */
export function durableMarbles<T>(
  assertion: TestScheduler | ((actual: unknown, expected: unknown) => boolean | void),
  body: (helpers: DurableRunHelpers) => T,
  options: DurableMarblesOptions = {},
): T {
  const scheduler = assertion instanceof TestScheduler ? assertion : new TestScheduler(assertion);
  const run = new MarbleRun(scheduler, options.epochMs ?? Date.now());
  const expectations: Array<() => void> = [];
  let count = 0;
  const name = (kind: string, workflow: Workflow<unknown>) => `${kind}(${workflow.name || "workflow"}) #${++count}`;

  const result = scheduler.run((helpers) => {
    const durableHelpers: DurableRunHelpers = {
      ...helpers,
      scheduler,
      invocation: (workflow, history, invocationOptions = {}) =>
        new Observable((subscriber) => {
          const where = name("invocation", workflow as Workflow<unknown>);
          const engine = new DurableEngine();
          const arn = history
            ? seedExecution(engine, history, run.now())
            : engine.startExecution({ functionName: "marble-workflow", input: JSON.stringify(invocationOptions.input ?? {}) }, run.now()).arn;
          let invocation: VirtualInvocation | undefined;
          // Started from an action, so a misuse throws out of the run instead of becoming an error notification.
          const start = run.schedule(() => {
            invocation = new VirtualInvocation({
              run,
              where,
              scheduler,
              engine,
              arn,
              number: 1,
              now: run.now,
              config: invocationOptions.config ?? {},
              latency: invocationOptions.latency ?? 0,
              timeoutMs: invocationOptions.invocationTimeoutMs ?? DEFAULT_INVOCATION_TIMEOUT_MS,
              onValue: (value) => subscriber.next(value as never),
              onRequest: () => {},
              onEnd: (outcome, failure) => {
                engine.completeInvocation(arn, outcome, run.now());
                const status = "output" in outcome ? (outcome.output as { Status?: string }).Status : "THREW";
                if (status === "SUCCEEDED") subscriber.complete();
                else if (status !== "PENDING") subscriber.error(failure ?? ("output" in outcome ? (outcome.output as { Error?: unknown }).Error : undefined));
              },
            });
            run.track(invocation, where);
            invocation.run(workflow);
          });
          return () => {
            start.unsubscribe();
            invocation?.abandon();
          };
        }),
      execute: (workflow, executeOptions = {}) => new MarbleExecutionDriver(run, workflow, executeOptions, name("execute", workflow as Workflow<unknown>)),
      expectExecution: (source) => ({
        toBe(marbles, values, error) {
          const actual: FrameMessage[] = [];
          const observable = isObservable(source) ? source : source.values$;
          observable.subscribe({
            next: (value) => actual.push({ frame: scheduler.now(), notification: { kind: "N", value, error: undefined } }),
            error: (thrown: unknown) => actual.push({ frame: scheduler.now(), notification: { kind: "E", value: undefined, error: thrown } }),
            complete: () => actual.push({ frame: scheduler.now(), notification: { kind: "C", value: undefined, error: undefined } }),
          });
          const expected = parseServiceTime(marbles, values, error);
          expectations.push(() => scheduler.assertDeepEqual(actual, expected));
        },
      }),
    };
    const out = body(durableHelpers);
    if (typeof (out as PromiseLike<unknown> | undefined)?.then === "function") {
      throw new MarbleUsageError("durableMarbles: the test body returned a Promise. TestScheduler.run is synchronous: write the body without async/await.");
    }
    // The last action of the run, before the diagrams are compared: report what only a Promise could finish.
    run.schedule(() => run.finish(), Number.MAX_SAFE_INTEGER - scheduler.now());
    return out;
  });
  for (const check of expectations) check();
  return result;
}
