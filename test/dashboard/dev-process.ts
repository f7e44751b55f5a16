import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/**
 * `node dist/cli.js dev <file> --port 0` as a child process: resolves with the endpoint
 * once it prints the dashboard's address (bounded by `timeoutMs`), and stops it by its
 * pid, SIGTERM first, SIGKILL if it does not exit in time.
 */
export async function startDev(file: string, timeoutMs: number) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the dashboard's end-to-end test`);
  const child: ChildProcess = spawn(process.execPath, [CLI, "dev", file, "--port", "0"], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", DURABLE_RX_ENDPOINT: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const endpoint = await new Promise<string>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const match = output.match(/dashboard (http:\/\/127\.0\.0\.1:\d+)\/dashboard/);
      if (match) {
        clearInterval(poll);
        resolve(match[1]);
      } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`durable-rx dev did not print its dashboard address:\n${output}`));
      }
    }, 50);
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    endpoint,
    stop,
    get output() {
      return output;
    },
  };
}
