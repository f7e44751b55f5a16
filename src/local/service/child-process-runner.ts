import { spawn, type ChildProcess } from "node:child_process";
import { timeoutError, type HandlerOutcome } from "../invoke-handler.js";
import type { LambdaContextLike } from "../lambda-context.js";
import type { DurableExecutionInvocationInput } from "../../wire/types.js";
import { CHILD_PROGRAM } from "./child-program.js";
import type { HandlerModule, RegisteredFunction } from "./function-registry.js";
import type { IsolatedRunner } from "./invoker.js";

type Reply =
  | { type: "output"; id: number; output: unknown }
  | { type: "thrown"; id: number; error: { name: string; message: string; stack?: string } };

interface Worker {
  process: ChildProcess;
  /** Settles the invocation in progress, if any, when the process dies. */
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

/** Idle processes kept per function for the next invocation (a warm Lambda sandbox). */
const MAX_IDLE_PER_FUNCTION = 2;

/**
 * Runs handlers in child processes, one invocation at a time per process, as Lambda runs
 * one per sandbox: an idle process of the same function is reused (module state carries
 * over, as in a warm sandbox), otherwise a new one starts. The process gets the service's
 * endpoint and dummy credentials in its environment, so the SDK's default LambdaClient
 * talks to this service over HTTP exactly as it talks to Lambda. A process that exits
 * mid-invocation fails it with `Runtime.ExitError`; one that outlives the function's
 * timeout is killed and the invocation fails with `Sandbox.Timedout`.
 */
export class ChildProcessRunner implements IsolatedRunner {
  private readonly idle = new Map<string, Worker[]>();
  private readonly busy = new Set<Worker>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly endpoint: string,
    private readonly region: string,
  ) {}

  async run(
    fn: RegisteredFunction & { source: HandlerModule },
    event: DurableExecutionInvocationInput,
    context: LambdaContextLike,
  ): Promise<HandlerOutcome> {
    if (this.closed) return { thrown: new Error("The local durable-execution service is closed.") };
    const worker = this.idle.get(fn.name)?.pop() ?? this.spawn(fn.name);
    this.busy.add(worker);
    worker.process.ref();
    (worker.process.channel as { ref?(): void } | undefined)?.ref?.();
    const id = this.nextId++;
    const outcome = await new Promise<HandlerOutcome>((resolve) => {
      const timer = setTimeout(() => {
        // Lambda freezes a timed-out sandbox; here it is killed, so nothing it does later lands.
        worker.process.kill("SIGKILL");
        done({ thrown: timeoutError(fn.timeoutMs) });
      }, fn.timeoutMs);
      const done = (result: HandlerOutcome): void => {
        clearTimeout(timer);
        worker.process.off("message", onMessage);
        worker.onExit = undefined;
        resolve(result);
      };
      const onMessage = (reply: Reply): void => {
        if (reply.type === "output" && reply.id === id) done({ output: reply.output });
        if (reply.type === "thrown" && reply.id === id) done({ thrown: rebuildError(reply.error) });
      };
      worker.onExit = (code, signal) => done({ thrown: exitError(code, signal) });
      worker.process.on("message", onMessage);
      const { getRemainingTimeInMillis, ...fields } = context;
      worker.process.send({
        type: "invoke",
        id,
        module: fn.source.module,
        exportName: fn.source.export ?? "handler",
        event,
        context: fields,
        remainingMs: getRemainingTimeInMillis(),
      });
    });
    this.busy.delete(worker);
    this.release(fn.name, worker);
    return outcome;
  }

  /** Kills every process, busy ones included (their invocations fail as crashed). */
  close(): void {
    this.closed = true;
    for (const workers of this.idle.values()) workers.forEach((worker) => worker.process.kill("SIGKILL"));
    this.idle.clear();
    for (const worker of this.busy) worker.process.kill("SIGKILL");
  }

  private spawn(functionName: string): Worker {
    const child = spawn(process.execPath, [...inheritedFlags(), "-e", CHILD_PROGRAM], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: this.environment(functionName),
    });
    const worker: Worker = { process: child };
    child.on("exit", (code, signal) => {
      const idle = this.idle.get(functionName);
      if (idle?.includes(worker)) idle.splice(idle.indexOf(worker), 1);
      worker.onExit?.(code, signal);
    });
    // A process that cannot start reports through "exit"; the error event must not throw.
    child.on("error", () => undefined);
    return worker;
  }

  private release(functionName: string, worker: Worker): void {
    const alive = worker.process.exitCode === null && worker.process.signalCode === null && worker.process.connected;
    const idle = this.idle.get(functionName) ?? [];
    if (this.closed || !alive || idle.length >= MAX_IDLE_PER_FUNCTION) {
      worker.process.kill("SIGKILL");
      return;
    }
    idle.push(worker);
    this.idle.set(functionName, idle);
    // An idle sandbox must not keep the service's process alive.
    worker.process.unref();
    (worker.process.channel as { unref?(): void } | undefined)?.unref?.();
  }

  /** What Lambda gives a function's process, pointed at this service. */
  private environment(functionName: string): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_ENDPOINT_URL_LAMBDA: this.endpoint,
      AWS_REGION: this.region,
      AWS_DEFAULT_REGION: this.region,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    };
    delete env.AWS_SESSION_TOKEN;
    delete env.AWS_PROFILE;
    return env;
  }
}

/** Loader flags (tsx's `--import`, `--conditions`...) so the child loads what the service can; never the inspector's. */
function inheritedFlags(): string[] {
  return process.execArgv.filter((flag) => !/^--(inspect|debug)/.test(flag));
}

function rebuildError(described: { name: string; message: string; stack?: string }): Error {
  const error = new Error(described.message);
  error.name = described.name;
  if (described.stack) error.stack = described.stack;
  return error;
}

function exitError(code: number | null, signal: NodeJS.Signals | null): Error {
  const error = new Error(`Runtime exited ${signal ? `with signal: ${signal}` : `with error: exit status ${code}`}`);
  error.name = "Runtime.ExitError";
  return error;
}
