import test from "ava";
import { durable, type DurableContext } from "../../src/index.js";
import { historyOf, invocationEvent } from "../../src/testing/history-builders.js";
import { noRequestsClient } from "../helpers/recording-client.js";

// PROTOCOL.md §4: ids are fixed at call time from a per-context counter, then md5-hashed.
test("operation ids follow PROTOCOL.md §4's worked example", async (t) => {
  const seen: Record<string, string> = {};
  const handler = durable(
    (_event, ctx: DurableContext) => {
      seen.s1 = ctx.step("s1", () => 1).id;
      seen.unnamed = ctx.step(() => 2).id;
      const kid = ctx.runInChildContext("kid", async (child) => {
        seen.inner = child.step("inner", () => 3).id;
        return 0;
      });
      seen.kid = kid.id;
      seen.w = ctx.wait("w", { seconds: 5 }).id;
      return kid; // subscribing the child runs its function, which creates `inner`
    },
    { client: noRequestsClient, logger: console, dev: false },
  );
  // Nothing was subscribed except the child, whose START and SUCCEED need the service:
  // give it a history where the child already succeeded ReplayChildren-style.
  await handler(invocationEvent(historyOf())).catch(() => undefined);
  t.is(seen.s1, "c4ca4238a0b92382");
  t.is(seen.unnamed, "c81e728d9d4c2f63");
  t.is(seen.kid, "eccbc87e4b5ce2fe");
  t.is(seen.w, "a87ff679a2f3e71d");
  t.is(seen.inner, "c9e6e7b69f98f516");
});
