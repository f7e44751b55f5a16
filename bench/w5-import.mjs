// W5, one cold start: run as `node bench/w5-import.mjs <sdk> [--with-client]` in a fresh
// process, it imports the SDK (and @aws-sdk/client-lambda after it, with --with-client)
// and prints how long that took, in ms, as JSON on stdout. Nothing else is loaded first.
const SPECIFIERS = { "durable-rx": "durable-rx", official: "@aws/durable-execution-sdk-js" };

const [sdk, flag] = process.argv.slice(2);
const started = performance.now();
await import(SPECIFIERS[sdk]);
if (flag === "--with-client") await import("@aws-sdk/client-lambda");
const importMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ importMs })}\n`);
