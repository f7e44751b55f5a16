/**
 * The program a child process runs (`node -e`), as text so it ships inside whichever
 * bundle holds the service. It imports nothing of durable-rx: it loads the user's module,
 * calls the handler once per `invoke` message with the event and a Lambda context, and
 * answers with the output or the thrown error. The handler talks to the service the way
 * it talks to Lambda, through a LambdaClient built from the environment the service gave
 * the process (ADR 0014). An uncaught exception ends the process, as it ends a Lambda
 * runtime; the service reports the invocation as failed.
 */
export const CHILD_PROGRAM = String.raw`
const { pathToFileURL } = require("node:url");
const handlers = new Map();

function load(module, exportName) {
  const key = module + "#" + exportName;
  if (!handlers.has(key)) {
    const loading = (async () => {
      const specifier = /^([a-zA-Z]:[\\/]|\/)/.test(module) ? pathToFileURL(module).href : module;
      const loaded = await import(specifier);
      const handler = loaded[exportName] ?? (loaded.default ? loaded.default[exportName] : undefined);
      if (typeof handler !== "function") {
        const error = new Error(module + " has no function export \"" + exportName + "\"");
        error.name = "Runtime.HandlerNotFound";
        throw error;
      }
      return handler;
    })();
    loading.catch(() => handlers.delete(key));
    handlers.set(key, loading);
  }
  return handlers.get(key);
}

function describe(error) {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: "Error", message: String(error) };
}

process.on("message", async (message) => {
  if (!message || message.type !== "invoke") return;
  const deadline = Date.now() + message.remainingMs;
  const context = { ...message.context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
  let reply;
  try {
    const handler = await load(message.module, message.exportName);
    reply = { type: "output", id: message.id, output: await handler(message.event, context) };
  } catch (error) {
    reply = { type: "thrown", id: message.id, error: describe(error) };
  }
  process.send(reply);
});
`;
