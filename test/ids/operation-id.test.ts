import test from "ava";
import { hashOperationId, OperationId } from "../../src/ids/index.js";

const hashes = test.macro({
  exec(t, rawId: string, id: string) {
    t.is<string, string>(hashOperationId(rawId), id);
    t.true(OperationId.is(hashOperationId(rawId)));
  },
  title: (_provided, rawId: string, id: string) => `§4 worked example / §18 fact 1: "${rawId}" → ${id}`,
});
test(hashes, "1", "c4ca4238a0b92382");
test(hashes, "2", "c81e728d9d4c2f63");
test(hashes, "3", "eccbc87e4b5ce2fe");
test(hashes, "3-1", "c9e6e7b69f98f516");
test(hashes, "4", "a87ff679a2f3e71d");
test(hashes, "1-1", "ea66c06c1e1c05fa");
test(hashes, "1-2", "98c6f2c2287f4c73");
test(hashes, "1-1-1", "2f221a18eb863803");

test("OperationId.parse accepts the model's shape", (t) => {
  t.is<string, string>(OperationId.parse("c4ca4238a0b92382"), "c4ca4238a0b92382");
  t.is<string, string>(OperationId.parse("a-b_C"), "a-b_C");
});

const bad = test.macro({
  exec(t, value: unknown, message: string) {
    t.throws(() => OperationId.parse(value), { name: "ValidationError", message });
    t.false(OperationId.is(value));
  },
  title: (provided = "") => `OperationId.parse rejects ${provided}`,
});
test("an empty string", bad, "", 'OperationId.parse: expected 1–64 characters of [a-zA-Z0-9-_]; got ""');
test("a raw id with a dot", bad, "1.2", 'OperationId.parse: expected 1–64 characters of [a-zA-Z0-9-_]; got "1.2"');
test("65 characters", bad, "a".repeat(65), `OperationId.parse: expected 1–64 characters of [a-zA-Z0-9-_]; got "${"a".repeat(65)}"`);
test("a number", bad, 1, "OperationId.parse: expected 1–64 characters of [a-zA-Z0-9-_]; got number");
