// examples/demo.mjs on LocalTestRunner. demo.mjs is a script: importing it also runs its
// own demonstration once (the lines it prints). It imports "durable-rx" by name (dist/),
// so the runner comes from the same copy: `npm run build` first.
import test from "ava";
import { fileURLToPath } from "node:url";
import { LocalTestRunner } from "durable-rx/testing";

const handler = { module: fileURLToPath(new URL("../../examples/demo.mjs", import.meta.url)), export: "handler" };
const HOUR = 3_600_000;

test("the order: charged, an hour's cool-off, shipped in a child context", async (t) => {
  const result = await new LocalTestRunner({ handler }).run({ input: { id: "o-7", items: [{ price: 5 }, { price: 7 }] } });
  t.is(result.status, "SUCCEEDED");
  t.deepEqual(result.result, { orderId: "o-7", total: 12, paymentId: "pay-o-7", tracking: "label-o-7/tracked" });
  // The first attempt fails by design (it reads the service's attempt number): the second pays.
  const charge = result.getOperation("charge");
  t.is(charge.status, "SUCCEEDED");
  t.is(charge.attempt, 2);
  const coolOff = result.getOperation("cool-off");
  t.is(coolOff.endedAt! - coolOff.startedAt!, HOUR);
  const ship = result.getOperation("ship");
  t.deepEqual(ship.children.map((op) => [op.name, op.result]), [
    ["label", "label-o-7"],
    ["hand-over", "label-o-7/tracked"],
  ]);
  t.is(result.invocations.at(-1)?.outcome, "SUCCEEDED");
  t.is(result.invocations.at(-1)?.startMs, coolOff.endedAt, "the last invocation starts when the cool-off ends");
});
