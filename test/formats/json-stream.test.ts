import { describe, expect, it } from "vitest";
import { ImportFormatError } from "../../src/formats/import-model.js";
import { jsonWalk, type JsonChoice, type JsonEvent, type JsonPath, type JsonShape } from "../../src/formats/json-stream.js";

async function* piecesOf(text: string, size = 5): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

async function walk(text: string, choose: (path: JsonPath, shape: JsonShape) => JsonChoice): Promise<JsonEvent[]> {
  const events: JsonEvent[] = [];
  for await (const event of jsonWalk(piecesOf(text), { what: "The export", choose })) events.push(event);
  return events;
}

const EXPORT = JSON.stringify({
  db: [{ meta: { version: "5" }, data: { api_keys: [{ secret: "S1" }, { secret: "S2" }], posts: [{ id: 1, title: "Tides" }, "odd", { id: 2 }], tags: [{ id: "t" }] } }],
});

describe("walking a JSON document down to a nested list", () => {
  it("hands over the items of a list three levels down one by one, and only counts a list it is told to pass over", async () => {
    const asked: string[] = [];
    const events = await walk(EXPORT, (path, shape) => {
      asked.push(path.join("."));
      if (path.length === 0) return "enter";
      if (path.length < 4) return path[0] === "db" && (path.length < 2 || path[1] === 0) && (path.length < 3 || path[2] === "data") ? "enter" : "skip";
      if (path.length === 4) return path[3] === "tags" ? "keep" : shape === "array" ? "enter" : "skip";
      return path[3] === "posts" ? "keep" : "skip";
    });
    expect(events).toEqual([
      { kind: "enter", path: [], shape: "object" },
      { kind: "enter", path: ["db"], shape: "array" },
      { kind: "enter", path: ["db", 0], shape: "object" },
      { kind: "enter", path: ["db", 0, "data"], shape: "object" },
      { kind: "enter", path: ["db", 0, "data", "api_keys"], shape: "array" },
      { kind: "leave", path: ["db", 0, "data", "api_keys"], shape: "array", members: 2 },
      { kind: "enter", path: ["db", 0, "data", "posts"], shape: "array" },
      { kind: "value", path: ["db", 0, "data", "posts", 0], value: { id: 1, title: "Tides" } },
      { kind: "value", path: ["db", 0, "data", "posts", 1], value: "odd" },
      { kind: "value", path: ["db", 0, "data", "posts", 2], value: { id: 2 } },
      { kind: "leave", path: ["db", 0, "data", "posts"], shape: "array", members: 3 },
      { kind: "value", path: ["db", 0, "data", "tags"], value: [{ id: "t" }] },
      { kind: "leave", path: ["db", 0, "data"], shape: "object", members: 3 },
      { kind: "leave", path: ["db", 0], shape: "object", members: 2 },
      { kind: "leave", path: ["db"], shape: "array", members: 1 },
      { kind: "leave", path: [], shape: "object", members: 1 },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/S1|S2/);
    // Nothing inside a value passed over or kept whole is asked about.
    expect(asked).not.toContain("db.0.meta.version");
    expect(asked).not.toContain("db.0.data.posts.0.id");
  });

  it("a mistake is an import error naming its line", async () => {
    const failure = await walk('{\n"db": [\n{"data": oops}]}', () => "enter").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportFormatError);
    expect((failure as ImportFormatError).line).toBe(3);
  });
});
