/** durable-rx/testing: helpers for testing durable workflows. */
export { DurableEngine } from "./local/engine/index.js";
export { InProcessLambdaClient } from "./local/in-process-client.js";
export { runToCompletion } from "./local/in-process-runner.js";
