// A plain handler in a CommonJS module that counts its calls in a module variable
// (no SDK: the invocation output is written by hand).
let calls = 0;
exports.handler = async () => ({ Status: "SUCCEEDED", Result: JSON.stringify(++calls) });
