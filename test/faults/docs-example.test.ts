import test from "ava";
import { durable } from "../../src/index.js";
import { LocalDurableService } from "../../src/local.js";
import type { InjectedFault } from "../../src/local/checkpoint-faults.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** The example of docs/reliability.md "Checkpoint API faults": a workflow finishes all the same. */
test("docs/reliability.md: a service injecting faults at 20% still finishes the workflow", async (t) => {
  const handler = durable(
    async (order: { orderId: number }, ctx) => {
      const price = await ctx.step("price", () => order.orderId * 10);
      const receipt = await ctx.step("charge", () => `paid ${price}`, { semantics: "at-most-once-per-retry" });
      await ctx.wait("cool-off", { seconds: 30 });
      const shipped = await ctx.step("ship", () => `shipped ${order.orderId}`);
      return { receipt, shipped };
    },
    { logger: quiet, dev: false },
  );
  const faults: InjectedFault[] = [];
  const service = new LocalDurableService({
    clock: "virtual",
    faults: { rate: 0.2, seed: 42, onFault: (fault) => faults.push(fault) },
  });
  t.teardown(() => service.close());
  service.register("orders", handler);
  const done = await service.run("orders", { orderId: 7 });
  t.is(done.status, "SUCCEEDED", JSON.stringify(done.error));
  t.deepEqual(JSON.parse(done.result!), { receipt: "paid 70", shipped: "shipped 7" });
  t.true(faults.length > 0, "the seed injects faults");
  t.log(faults.map((fault) => fault.kind).join(", "));
});
