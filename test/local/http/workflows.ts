import { CallbackError, ChildContextError } from "../../../src/index.js";
import { handler } from "./service-over-http.js";

/** The workflows the Lambda API tests run on the local service. */

export const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes ?? new Uint8Array());
export const encode = (value: string): Uint8Array => new TextEncoder().encode(value);

/** Greets, waits two hours, shouts. */
export const greeter = handler(async (event: { name: string }, ctx) => {
  const greeting = await ctx.step("greet", () => `hello ${event.name}`);
  await ctx.wait("pause", { hours: 2 });
  return { greeting, shout: await ctx.step("shout", () => greeting.toUpperCase()) };
});

export const failing = handler(async (_event, ctx) => {
  await ctx.step("try", () => 1);
  throw new RangeError("out of range");
});

/** Waits for an approval; answers with what came, or with how the callback failed. */
export const approval = handler(async (_event, ctx) => {
  try {
    return { approved: await ctx.waitForCallback("approval", () => undefined) };
  } catch (error) {
    const cause = error instanceof ChildContextError ? error.cause : error;
    return { failed: cause instanceof CallbackError ? `${cause.name}: ${cause.message}` : String(cause) };
  }
});
