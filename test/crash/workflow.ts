import type { DurableContext, StepContext } from "../../src/index.js";

/** One run of a step body: which step, which attempt, in which invocation of the run. */
export interface BodyRun {
  readonly name: string;
  readonly attempt: number;
  readonly invocation: number;
  readonly atMostOnce: boolean;
}

export interface BodyLog {
  readonly runs: BodyRun[];
  /** The invocation now running (1-based), kept by the harness. */
  invocation: number;
}

const atMostOnce = { semantics: "at-most-once-per-retry" } as const;

/**
 * The workflow every crash point runs: steps of both semantics, a wait (so the run
 * spans two invocations) and a child context with one step of each semantics inside.
 * Bodies are deterministic, so a re-run returns what the first run returned; some
 * yield a macrotask, so a crash can land while one is in flight.
 */
export function crashWorkflow(log: BodyLog) {
  const body =
    <T>(name: string, value: () => T, mostOnce = false, yieldFirst = false) =>
    async (step: StepContext): Promise<T> => {
      log.runs.push({ name, attempt: step.attempt, invocation: log.invocation, atMostOnce: mostOnce });
      if (yieldFirst) await new Promise((resolve) => setImmediate(resolve));
      return value();
    };

  return async (_event: unknown, ctx: DurableContext) => {
    const a = await ctx.step("a", body("a", () => 1));
    const b = await ctx.step("b", body("b", () => a * 10, true), atMostOnce);
    await ctx.wait("pause", { seconds: 5 });
    const c = await ctx.runInChildContext("child", async (child) => {
      const c1 = await child.step("c1", body("c1", () => b + 1, false, true));
      const c2 = await child.step("c2", body("c2", () => c1 * 2, true, true), atMostOnce);
      return { c1, c2 };
    });
    const d = await ctx.step("d", body("d", () => a + b + c.c2));
    return { a, b, c, d };
  };
}

/** The step names of the workflow, each of which must end SUCCEEDED. */
export const STEP_NAMES = ["a", "b", "c1", "c2", "d"];
