import { ensureError } from "../errors/ensure-error.js";
import { renderThrown } from "../errors/safe-json.js";
import { SerdesError } from "../errors/usage-errors.js";
import type { Serdes, SerdesContext } from "./serdes.js";

type Direction = "Serialization" | "Deserialization";

/**
 * Runs `serdes.serialize`, turning every way it can go wrong (a throw, a rejection,
 * a result that is neither a string nor `undefined`) into a {@link SerdesError}
 * naming the operation. Synchronous when the serdes is: replay must not pay a
 * microtask per operation. So a synchronous failure throws, an asynchronous one rejects.
 */
export function serializeWith<T>(
  serdes: Serdes<T>,
  value: T,
  ctx: SerdesContext,
): string | undefined | Promise<string | undefined> {
  let out: unknown;
  try {
    out = serdes.serialize(value, ctx);
  } catch (error) {
    throw serdesError("Serialization", ctx, error);
  }
  if (isPromiseLike(out)) {
    return Promise.resolve(out).then(
      (resolved) => checkPayload(resolved, ctx),
      (error: unknown) => {
        throw serdesError("Serialization", ctx, error);
      },
    );
  }
  return checkPayload(out, ctx);
}

/** Runs `serdes.deserialize` with the same guarantees as {@link serializeWith}. */
export function deserializeWith<T>(serdes: Serdes<T>, data: string | undefined, ctx: SerdesContext): T | Promise<T> {
  let out: T | Promise<T>;
  try {
    out = serdes.deserialize(data, ctx);
  } catch (error) {
    throw serdesError("Deserialization", ctx, error);
  }
  if (isPromiseLike(out)) {
    return Promise.resolve(out).catch((error: unknown) => {
      throw serdesError("Deserialization", ctx, error);
    });
  }
  return out;
}

function checkPayload(out: unknown, ctx: SerdesContext): string | undefined {
  if (out === undefined || typeof out === "string") return out;
  const got = out === null ? "null" : `a ${typeof out} (${renderThrown(out).slice(0, 80)})`;
  throw new SerdesError(
    `Serialization failed for operation "${ctx.entityId}": serialize must return a string or undefined; got ${got}`,
  );
}

function serdesError(direction: Direction, ctx: SerdesContext, error: unknown): SerdesError {
  // Already ours (a nested serdes, or checkPayload): do not wrap twice.
  if (error instanceof SerdesError) return error;
  const reason = ensureError(error).message;
  return new SerdesError(`${direction} failed for operation "${ctx.entityId}": ${reason}`, { cause: error });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
