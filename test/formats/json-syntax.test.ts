import { describe, expect, it } from "vitest";
import { JsonSyntaxCheck, findJsonError, type JsonFault } from "../../src/formats/json-syntax.js";

/** Checks a text cut into two pieces at `cut`. */
function checkInTwo(text: string, cut: number): JsonFault | null {
  const check = new JsonSyntaxCheck();
  return check.push(text.slice(0, cut)) ?? check.push(text.slice(cut)) ?? check.end();
}

function checkWhole(text: string): JsonFault | null {
  const check = new JsonSyntaxCheck();
  return check.push(text) ?? check.end();
}

const DOCUMENTS = [
  '{"a": [1, -2.5e+10, 0.25, true, false, null], "b": {"c": "x\\u00e9\\n\\"q\\""}}',
  '{\n  "posts": [\n    {"id": 1.5e3, "title": "Tides"}\n  ]\n}\n',
  '[1.5e',
  '{"a": tru}',
  '{"a": "\\u12g4"}',
  '{"a": "line\nbreak"}',
  '{"a": 01}',
  '{"a": 1 "b": 2}',
  '{"a": 1}  x',
  '{"a": "not closed',
  '{\n"a":\n[\n',
  '"\\',
];

describe("checking JSON that arrives in pieces", () => {
  it.each(DOCUMENTS)("gives the same answer wherever the text is cut: %j", (text) => {
    const whole = checkWhole(text);
    for (let cut = 0; cut <= text.length; cut++) expect(checkInTwo(text, cut), `cut at ${cut}`).toEqual(whole);
  });

  it("accepts numbers, literals and escapes cut in the middle", () => {
    const check = new JsonSyntaxCheck();
    for (const piece of ["[1.5e", "5, tr", "ue, nu", "ll, \"\\u00", "e9\\", "n\"]"]) expect(check.push(piece)).toBeNull();
    expect(check.end()).toBeNull();
  });

  it("names the line and column of a mistake many pieces in", () => {
    const text = `{\n${'  "a": 1,\n'.repeat(1000)}  "b" 2\n}`;
    const check = new JsonSyntaxCheck();
    let fault: JsonFault | null = null;
    for (let at = 0; at < text.length && !fault; at += 7) fault = check.push(text.slice(at, at + 7));
    expect(fault).toEqual({ offset: text.indexOf('"b"') + 4, line: 1002, column: 7, problem: 'unexpected "2" where ":" was expected' });
  });

  it("says what ends too soon", () => {
    expect(checkWhole("")).toMatchObject({ line: 1, column: 1, problem: "unexpected the end of the file where a value was expected" });
    expect(checkWhole('{\n  "title": "Harbo')).toMatchObject({ line: 2, column: 12, problem: "a string is not closed" });
    expect(checkWhole('{"a": [1,')).toMatchObject({ problem: "unexpected the end of the file where a value was expected" });
    expect(findJsonError('{"a": [1]')).toEqual({ offset: 9, problem: 'unexpected the end of the file where "," or "}" was expected' });
  });
});
