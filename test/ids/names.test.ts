import test from "ava";
import { validateName } from "../../src/ids/index.js";

test("undefined means unnamed", (t) => {
  t.is(validateName(undefined, 'step("?")'), undefined);
});

const good = test.macro({
  exec(t, name: string) {
    t.is(validateName(name, "step"), name);
  },
  title: (provided = "") => `accepts ${provided}`,
});
test("a plain name", good, "charge");
test("spaces and punctuation", good, "charge card #2 (retry) ~ok");
test("256 characters", good, "n".repeat(256));
test("one character", good, "x");

const bad = test.macro({
  exec(t, name: unknown, message: string) {
    t.throws(() => validateName(name, 'step("charge")'), { name: "ValidationError", message });
  },
  title: (provided = "") => `rejects ${provided}`,
});
test("an empty name", bad, "", 'step("charge"): the name must not be empty');
test("257 characters", bad, "n".repeat(257), 'step("charge"): the name is 257 characters long; the limit is 256');
test("a number", bad, 42, 'step("charge"): the name must be a string; got number');
test("null", bad, null, 'step("charge"): the name must be a string; got null');
test("a newline", bad, "a\nb", 'step("charge"): the name may contain only printable ASCII (0x20–0x7E); character 2 is U+000A');
test("a tab", bad, "\tx", 'step("charge"): the name may contain only printable ASCII (0x20–0x7E); character 1 is U+0009');
test("DEL", bad, "x\u007f", 'step("charge"): the name may contain only printable ASCII (0x20–0x7E); character 2 is U+007F');
test("an accented letter", bad, "caf\u00e9", 'step("charge"): the name may contain only printable ASCII (0x20–0x7E); character 4 is "\u00e9" (U+00E9)');
test("a character outside the BMP", bad, "x\u{1F600}", 'step("charge"): the name may contain only printable ASCII (0x20–0x7E); character 2 is "\u{1F600}" (U+1F600)');
