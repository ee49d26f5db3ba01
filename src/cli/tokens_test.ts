import assert from "node:assert/strict";
import { tokenize } from "./tokens.ts";

Deno.test("tokenize reads long options, inline values, grouped short flags and positionals", () => {
  assert.deepEqual(tokenize(["build", "--version=1.0", "--target", "deb", "-qh", "x"]), [
    { kind: "positional", value: "build" },
    { kind: "option", name: "version", rawName: "--version", value: "1.0", inlineValue: true },
    { kind: "option", name: "target", rawName: "--target" },
    { kind: "positional", value: "deb" },
    { kind: "option", name: "q", rawName: "-q" },
    { kind: "option", name: "h", rawName: "-h" },
    { kind: "positional", value: "x" },
  ]);
});

Deno.test("tokenize keeps empty values and a lone dash, and ends options at --", () => {
  assert.deepEqual(tokenize(["--a=", "", "-", "--", "--b", "-c"]), [
    { kind: "option", name: "a", rawName: "--a", value: "", inlineValue: true },
    { kind: "positional", value: "" },
    { kind: "positional", value: "-" },
    { kind: "option-terminator" },
    { kind: "positional", value: "--b" },
    { kind: "positional", value: "-c" },
  ]);
  assert.deepEqual(tokenize(["--c=x=y"]), [
    { kind: "option", name: "c", rawName: "--c", value: "x=y", inlineValue: true },
  ]);
});

Deno.test("tokenize reads a negative number as a positional, never as short flags", () => {
  assert.deepEqual(tokenize(["--interval", "-1", "-5m", "-.5", "-q1"]), [
    { kind: "option", name: "interval", rawName: "--interval" },
    { kind: "positional", value: "-1" },
    { kind: "positional", value: "-5m" },
    { kind: "positional", value: "-.5" },
    { kind: "option", name: "q", rawName: "-q" },
    { kind: "option", name: "1", rawName: "-1" },
  ]);
});
