import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The AWS SDK's Node 20 notice would otherwise end up in every stderr. */
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", DURABLE_RX_ENDPOINT: "" };

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the CLI tests`);
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js ...args` to its end. */
export function cli(args: readonly string[], options: { cwd?: string } = {}): Promise<CliResult> {
  assertBuilt();
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env, timeout: 50_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `node dist/cli.js ...args` and leaves it running; `output` grows as it prints. */
export function startCli(args: readonly string[]) {
  assertBuilt();
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters: Array<() => void> = [];
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    waiters.splice(0).forEach((wake) => wake());
  });
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    exited,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    /** The first match of `pattern` in stdout, once printed (bounded by the process's life). */
    async waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
      for (;;) {
        const match = stdout.match(pattern);
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`exited before printing ${pattern}:\n${stdout}\n${stderr}`);
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), exited]);
      }
    },
  };
}
