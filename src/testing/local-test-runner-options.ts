import { array, boolean, enums, func, integer, min, number, object, optional, record, string, type, union, unknown, any } from "superstruct";
import { DurationLikeStruct, toSeconds, type DurationLike } from "../duration/index.js";
import type { DurableEngineOptions } from "../local/engine/engine-options.js";
import type { DurableHandler } from "../local/invoke-handler.js";
import type { HandlerModule } from "../local/service/function-registry.js";
import { ValidationError } from "../errors/index.js";
import { parseOptions } from "../validation/parse-options.js";
import type { CallbackAnswer } from "./local-test-runner-callbacks.js";

export interface LocalTestRunnerLimits {
  /** Real milliseconds a run (and each wait on it) may take in all; default 30,000. Keep it below your framework's test timeout. */
  realTimeMs?: number;
  /** Real milliseconds with nothing running and nothing due, while the test waits, before the run counts as stuck; default 1,000. */
  idleMs?: number;
  /** Invocations a run may make, across the executions it starts; default 1,000. */
  invocations?: number;
  /** Virtual time a run may cover; default 366 days, the longest ExecutionTimeout Lambda allows. */
  virtualTime?: DurationLike;
}

export interface LocalTestRunnerOptions {
  /** The handler under test: `durable(...)` (or any function taking the invocation event), or a module to import. */
  handler: DurableHandler | HandlerModule;
  /**
   * What `ctx.invoke(name, ...)` calls, by function name: durable handlers, modules, or
   * `stubFunction(fn)` for a plain function. By default an invoke of any other name fails
   * the run with a message naming it (see `unregisteredFunctions`).
   */
  functions?: Record<string, DurableHandler | HandlerModule>;
  /** `"virtual"` (default): time jumps to the next timer, while the test waits on the runner. `"real"`: timers take their time. */
  clock?: "virtual" | "real";
  /** Where the virtual clock starts (default: now), for readable timestamps. */
  startTime?: number | Date;
  /**
   * Import the handler's module (and each function given as a module) afresh for every
   * invocation, as when Lambda runs it in a new sandbox: state kept in module variables
   * is gone on the next invocation, so a workflow that relies on it fails here, not in
   * production. Needs `handler: { module, export }`.
   */
  freshModulePerInvocation?: boolean;
  /**
   * An invoke of a function not in `functions`: `"fail-run"` (default) rejects the run with
   * a message naming the function; `"fail-invoke"` answers as Lambda does
   * (ResourceNotFoundException), for a test of how the workflow copes.
   */
  unregisteredFunctions?: "fail-run" | "fail-invoke";
  /** The execution's `ExecutionTimeout` (DurableConfig): it ends TIMED_OUT this long after it started. Default: none. */
  executionTimeout?: DurationLike;
  /** The function name the handler is registered and started under (default `"durable-function"`). */
  functionName?: string;
  /** Bounds on every run, so nothing a test waits for can hang it. */
  limits?: LocalTestRunnerLimits;
  /** Engine settings (ids, ARN region and account, invocation failure cap). */
  engine?: Omit<DurableEngineOptions, "store">;
}

export interface RunOptions {
  /** The execution's input (JSON-serialized, as an invoke payload). */
  input?: unknown;
  /** The durable execution name (default: generated). */
  name?: string;
  /**
   * Answers to give each callback as soon as it starts, by name (a `waitForCallback`'s
   * name names its callback): `{ succeed: value }`, `{ succeedRaw: text }` or
   * `{ fail: error }`; a list answers the first, second... callback of that name in turn.
   */
  callbacks?: Record<string, CallbackAnswer | readonly CallbackAnswer[]>;
}

export interface ResolvedLimits {
  realTimeMs: number;
  idleMs: number;
  invocations: number;
  virtualTimeMs: number;
}

const HandlerModuleStruct = object({ module: string(), export: optional(string()) });
const SourceStruct = union([func(), HandlerModuleStruct]);
const positive = min(number(), 1);

const OptionsStruct = object({
  handler: SourceStruct,
  functions: optional(record(string(), SourceStruct)),
  clock: optional(enums(["virtual", "real"])),
  startTime: optional(union([number(), type({ getTime: func() })])),
  freshModulePerInvocation: optional(boolean()),
  unregisteredFunctions: optional(enums(["fail-run", "fail-invoke"])),
  executionTimeout: optional(DurationLikeStruct),
  functionName: optional(string()),
  limits: optional(
    object({
      realTimeMs: optional(positive),
      idleMs: optional(positive),
      invocations: optional(min(integer(), 1)),
      virtualTime: optional(DurationLikeStruct),
    }),
  ),
  engine: optional(record(string(), unknown())),
});

const AnswerStruct = union([type({ succeed: any() }), type({ succeedRaw: string() }), type({ fail: any() })]);

const RunOptionsStruct = object({
  input: optional(unknown()),
  name: optional(string()),
  callbacks: optional(record(string(), union([AnswerStruct, array(AnswerStruct)]))),
});

export function parseRunnerOptions(options: LocalTestRunnerOptions): LocalTestRunnerOptions {
  const parsed = parseOptions(OptionsStruct, options, "new LocalTestRunner()") as LocalTestRunnerOptions;
  if (parsed.freshModulePerInvocation && typeof parsed.handler === "function") {
    throw new ValidationError(
      "new LocalTestRunner(): freshModulePerInvocation imports the handler's module for each invocation, so give handler: { module, export } instead of a function",
    );
  }
  return parsed;
}

export function parseRunOptions(options: RunOptions): RunOptions {
  const parsed = parseOptions(RunOptionsStruct, options, "LocalTestRunner.run()") as RunOptions;
  for (const [name, answer] of Object.entries(parsed.callbacks ?? {})) {
    for (const one of Array.isArray(answer) ? answer : [answer]) {
      const kinds = ["succeed", "succeedRaw", "fail"].filter((kind) => kind in (one as object));
      if (kinds.length !== 1) {
        throw new ValidationError(`LocalTestRunner.run(): callbacks.${name} must be { succeed: value }, { succeedRaw: text } or { fail: error }`);
      }
    }
  }
  return parsed;
}

export function resolveLimits(limits: LocalTestRunnerLimits = {}): ResolvedLimits {
  return {
    realTimeMs: limits.realTimeMs ?? 30_000,
    idleMs: limits.idleMs ?? 1_000,
    invocations: limits.invocations ?? 1_000,
    virtualTimeMs: toSeconds(limits.virtualTime ?? { days: 366 }, "limits.virtualTime") * 1000,
  };
}
