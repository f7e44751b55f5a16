// W5: cold start and footprint. Import time of each SDK, alone and with the Lambda
// client, each run in a fresh process; and the minified esbuild bundle of a minimal
// handler, with @aws-sdk/client-lambda external (Lambda's Node runtime provides it) and
// included, with its gzip size.
//
// Bundles are built as a Lambda user would (platform "node", ESM), and once more
// resolving every package to its ESM build: with platform "node" esbuild always honours
// the "node" export condition, which rxjs maps to its CommonJS build, so rxjs cannot be
// tree-shaken there. Platform "neutral" with the "import" condition picks the ESM build.
import { execFile } from "node:child_process";
import { builtinModules } from "node:module";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const run = promisify(execFile);

async function importOnce(config) {
  const args = [here("./w5-import.mjs"), config.sdk, ...(config.withClient ? ["--with-client"] : [])];
  const { stdout } = await run(process.execPath, args, { cwd: here(".."), env: { ...process.env, NODE_OPTIONS: "" } });
  const { importMs } = JSON.parse(stdout.trim().split("\n").at(-1));
  return { wallMs: importMs };
}

/** The smallest useful handler: one named step. */
const MINIMAL = {
  "durable-rx": `import { durable } from "durable-rx";
export const handler = durable(async (event, ctx) => ctx.step("greet", () => "hello " + event.name));`,
  official: `import { withDurableExecution } from "@aws/durable-execution-sdk-js";
export const handler = withDurableExecution(async (event, ctx) => ctx.step("greet", async () => "hello " + event.name));`,
};

const BUILTINS = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const RESOLUTION = {
  node: { platform: "node" },
  esm: { platform: "neutral", mainFields: ["module", "main"], conditions: ["import"], external: BUILTINS },
};

async function bundle(sdk, { clientExternal, resolution = "node" }) {
  const esbuild = await import("esbuild");
  const { external = [], ...options } = RESOLUTION[resolution];
  const result = await esbuild.build({
    stdin: { contents: MINIMAL[sdk], resolveDir: here(".."), sourcefile: "handler.mjs", loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    target: "node20",
    write: false,
    logLevel: "silent",
    ...options,
    external: [...external, ...(clientExternal ? ["@aws-sdk/client-lambda"] : [])],
  });
  const code = result.outputFiles[0].contents;
  return { bytes: code.length, gzipBytes: gzipSync(code).length };
}

export async function measure(subject, config, { repeat }) {
  if (config.kind === "bundle") {
    return {
      bundle: {
        external: await bundle(config.sdk, { clientExternal: true }),
        externalEsm: await bundle(config.sdk, { clientExternal: true, resolution: "esm" }),
        included: await bundle(config.sdk, { clientExternal: false }),
      },
    };
  }
  // Each run is its own cold process, so there is nothing to warm up.
  return { runs: await repeat(() => importOnce(config)) };
}
