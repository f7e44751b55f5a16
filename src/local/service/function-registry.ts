import { EngineError, validationError } from "../engine/engine-error.js";
import type { DurableHandler } from "../invoke-handler.js";
import { DEFAULT_INVOCATION_TIMEOUT_MS } from "../lambda-context.js";

/** A handler that lives in a module, loaded by path: what a child process can import. */
export interface HandlerModule {
  /** A file path or `file:` URL of an ES module (or anything `import()` takes). */
  module: string;
  /** The export holding the handler (default `"handler"`). */
  export?: string;
}

export type FunctionSource = DurableHandler | HandlerModule;

export interface RegisterOptions {
  /**
   * `"in-process"` (default): the handler runs in the service's process.
   * `"child-process"`: each invocation runs in a separate Node process that imports the
   * module, so a crash, a hang or module state cannot touch the service (ADR 0014). Needs a
   * `HandlerModule` and a listening service (`listen()` is called on demand).
   */
  isolation?: "in-process" | "child-process";
  /** Real milliseconds an invocation may run (default 15 min, Lambda's maximum). */
  timeoutMs?: number;
  /** DurableConfig.ExecutionTimeout for executions started from now on (1 s to 1 year). */
  executionTimeoutSeconds?: number;
}

export interface RegisteredFunction {
  name: string;
  source: FunctionSource;
  isolation: "in-process" | "child-process";
  timeoutMs: number;
  executionTimeoutSeconds?: number;
}

const FUNCTION_NAME = /^[a-zA-Z0-9-_]{1,64}$/;

/** The functions a service can invoke, by name (every qualifier runs the same handler). */
export class FunctionRegistry {
  private readonly functions = new Map<string, RegisteredFunction>();

  register(name: string, source: FunctionSource, options: RegisterOptions = {}): RegisteredFunction {
    if (!FUNCTION_NAME.test(name)) {
      throw validationError("functionName", name, `Member must satisfy regular expression pattern: ${FUNCTION_NAME.source.slice(1, -1)}`);
    }
    const isolation = options.isolation ?? "in-process";
    if (typeof source !== "function" && (typeof source !== "object" || source === null || typeof source.module !== "string")) {
      throw new TypeError(`register("${name}"): expected a handler function or { module, export }`);
    }
    if (isolation === "child-process" && typeof source === "function") {
      throw new TypeError(`register("${name}"): a child process imports its handler, so give { module, export } instead of a function`);
    }
    const registered: RegisteredFunction = {
      name,
      source,
      isolation,
      timeoutMs: options.timeoutMs ?? DEFAULT_INVOCATION_TIMEOUT_MS,
      executionTimeoutSeconds: options.executionTimeoutSeconds,
    };
    this.functions.set(name, registered);
    return registered;
  }

  get(name: string): RegisteredFunction | undefined {
    return this.functions.get(name);
  }

  /** As Lambda answers an Invoke of a function that does not exist. */
  require(name: string, functionArn: string): RegisteredFunction {
    const registered = this.functions.get(name);
    if (!registered) throw new EngineError("ResourceNotFoundException", `Function not found: ${functionArn}`);
    return registered;
  }

  names(): string[] {
    return [...this.functions.keys()];
  }
}
