// Two passes: JavaScript (ESM + CJS) through TypeScript, then declarations
// (.d.ts for import, .d.cts for require) so `attw` sees each format typed as itself.
import typescript from "@rollup/plugin-typescript";
import { dts } from "rollup-plugin-dts";

const input = {
  index: "src/index.ts",
  local: "src/local.ts",
  testing: "src/testing.ts",
  cli: "src/cli/main.ts",
};

// Everything that is not our own source stays an import: peers, dependencies, node builtins.
const external = (id) => !id.startsWith(".") && !id.startsWith("/") && !id.startsWith("\0");

export default [
  {
    input,
    external,
    plugins: [typescript({ tsconfig: "./tsconfig.build.json", noEmitOnError: true })],
    output: [
      { dir: "dist", format: "es", entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js", sourcemap: false },
      { dir: "dist", format: "cjs", entryFileNames: "[name].cjs", chunkFileNames: "chunks/[name]-[hash].cjs", sourcemap: false, exports: "named" },
    ],
  },
  {
    input: { index: input.index, local: input.local, testing: input.testing },
    external,
    plugins: [dts({ tsconfig: "./tsconfig.build.json" })],
    output: [
      { dir: "dist", format: "es", entryFileNames: "[name].d.ts", chunkFileNames: "chunks/[name]-[hash].d.ts" },
      { dir: "dist", format: "es", entryFileNames: "[name].d.cts", chunkFileNames: "chunks/[name]-[hash].d.cts" },
    ],
  },
];
