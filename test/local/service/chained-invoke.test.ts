import test from "ava";
import { InvokeError } from "../../../src/index.js";
import { chainedExecutionName } from "../../../src/local/service/chained-invokes.js";
import { handler, T0, virtualService } from "./helpers.js";

const HOUR = 3_600_000;

/** Prices an order after an hour's wait; fails for negative quantities. */
const pricing = handler(async (event: { quantity: number }, ctx) => {
  await ctx.wait("price list refresh", { hours: 1 });
  if (event.quantity < 0) throw new RangeError(`bad quantity ${event.quantity}`);
  return { total: event.quantity * 5 };
});

/** Invokes `pricing` and reports what came back, or how it failed. */
const orders = handler(async (event: { quantity: number; target?: string }, ctx) => {
  try {
    const price = await ctx.invoke<{ total: number }>(event.target ?? "pricing", { quantity: event.quantity }, { name: "price" });
    return { ok: price.total };
  } catch (error) {
    return { failed: error instanceof InvokeError ? error.message : String(error) };
  }
});

test("a chained invoke runs the function registered under its name and resumes the caller with the result", async (t) => {
  const service = virtualService().register("pricing", pricing).register("orders", orders);
  const done = await service.run("orders", { quantity: 3 });
  t.deepEqual(JSON.parse(done.result ?? ""), { ok: 15 });

  const invoke = done.operations.find((op) => op.Type === "CHAINED_INVOKE");
  t.like(invoke, { Name: "price", Status: "SUCCEEDED", ChainedInvokeDetails: { Result: '{"total":15}' } });
  // The invoked function ran as an execution of its own, named after the operation.
  const child = service.executions().find((e) => e.functionName === "pricing");
  t.like(child, { name: chainedExecutionName(done.arn, invoke?.Id ?? ""), status: "SUCCEEDED", inputPayload: '{"quantity":3}' });
  t.is(child?.endedAt, T0 + HOUR);
  // The caller suspended while the callee waited, and resumed once it ended.
  t.deepEqual(
    done.invocations.map((i) => [i.startMs - T0, i.outcome]),
    [
      [0, "PENDING"],
      [HOUR, "SUCCEEDED"],
    ],
  );
  t.like(
    service.history(done.arn).find((e) => e.EventType === "ChainedInvokeSucceeded"),
    { ChainedInvokeSucceededDetails: { Result: { Payload: '{"total":15}' } }, EventTimestamp: T0 + HOUR },
  );
  await service.close();
});

test("a callee that fails fails the operation with its error", async (t) => {
  const service = virtualService().register("pricing", pricing).register("orders", orders);
  const done = await service.run("orders", { quantity: -1 });
  t.deepEqual(JSON.parse(done.result ?? ""), { failed: "bad quantity -1" });
  t.like(
    done.operations.find((op) => op.Type === "CHAINED_INVOKE"),
    { Status: "FAILED", ChainedInvokeDetails: { Error: { ErrorType: "RangeError", ErrorMessage: "bad quantity -1" } } },
  );
  await service.close();
});

test("a function nobody registered fails the invoke with ResourceNotFoundException", async (t) => {
  const service = virtualService().register("orders", orders);
  const done = await service.run("orders", { quantity: 1, target: "nowhere" });
  t.deepEqual(JSON.parse(done.result ?? ""), { failed: "Function not found: nowhere" });
  t.like(
    done.operations.find((op) => op.Type === "CHAINED_INVOKE"),
    { Status: "FAILED", ChainedInvokeDetails: { Error: { ErrorType: "ResourceNotFoundException" } } },
  );
  t.is(service.executions().length, 1);
  await service.close();
});

test("chains nest: a callee may invoke in turn", async (t) => {
  const service = virtualService()
    .register("pricing", pricing)
    .register("orders", orders)
    .register(
      "checkout",
      handler(async (_event, ctx) => ctx.invoke("orders", { quantity: 2 })),
    );
  const done = await service.run("checkout");
  t.deepEqual(JSON.parse(done.result ?? ""), { ok: 10 });
  t.deepEqual(
    service.executions().map((e) => [e.functionName, e.status]),
    [
      ["checkout", "SUCCEEDED"],
      ["orders", "SUCCEEDED"],
      ["pricing", "SUCCEEDED"],
    ],
  );
  await service.close();
});
