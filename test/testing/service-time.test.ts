import test from "ava";
import { TestScheduler } from "rxjs/testing";
import { parseServiceTime } from "../../src/testing/marbles/service-time.js";

const frames = (marbles: string, values?: Record<string, unknown>) =>
  parseServiceTime(marbles, values).map(({ frame, notification }) => `${frame}:${notification.kind}${notification.kind === "N" ? String(notification.value) : ""}`);

test("values, groups, | and # take no time; '-' is 1 ms; spans are written out", (t) => {
  t.deepEqual(frames("(ab) 5s (c|)"), ["0:Na", "0:Nb", "5000:Nc", "5000:C"]);
  t.deepEqual(frames("ab 5s c|"), ["0:Na", "0:Nb", "5000:Nc", "5000:C"]);
  t.deepEqual(frames("-a--b"), ["1:Na", "3:Nb"]);
  t.deepEqual(frames("a 250ms b 2m c 3h d 1d e 1.5s f"), ["0:Na", "250:Nb", "120250:Nc", "10920250:Nd", "97320250:Ne", "97321750:Nf"]);
});

test("a digit that is not a span is a value, as in rxjs", (t) => {
  t.deepEqual(frames("1 2s 3", { 1: "one", 3: "three" }), ["0:None", "2000:Nthree"]);
  t.deepEqual(frames("12"), ["0:N1", "0:N2"]);
});

test("# carries the given error; values map through the dictionary", (t) => {
  const [message] = parseServiceTime("#", undefined, new Error("boom"));
  t.is((message!.notification.error as Error).message, "boom");
  t.deepEqual(parseServiceTime("x", { x: { deep: 1 } })[0]!.notification.value, { deep: 1 });
});

test("notifications have rxjs's own shape, so one assertDeepEqual compares both kinds of diagram", (t) => {
  t.deepEqual(parseServiceTime("a|"), TestScheduler.parseMarbles("(a|)", undefined, undefined, true, true));
});

test("malformed diagrams say what is wrong", (t) => {
  t.throws(() => parseServiceTime("(a(b))"), { message: /nested group/ });
  t.throws(() => parseServiceTime("(a"), { message: /unclosed group/ });
  t.throws(() => parseServiceTime("a)"), { message: /"\)" without "\("/ });
  t.throws(() => parseServiceTime("(a-b)"), { message: /"-" inside a group/ });
  t.throws(() => parseServiceTime("^a"), { message: /subscription marks\) is not supported/ });
});
