import { Assembler } from "stream-json/core/assembler.js";
import { jsonParser, type Token } from "stream-json/core/parser.js";
import { jsonVerifier, type VerifierError } from "stream-json/core/utils/verifier.js";
import { ImportFormatError } from "./import-model.js";

/**
 * Reading a big JSON export a piece at a time, with stream-json's tokenizer: one item of a
 * long list is in memory at once, never the whole file.
 */

/** One piece of a JSON document's top-level object, as {@link jsonTopLevel} reads it. */
export type JsonPart =
  /** A field read whole, e.g. { key: "blog", value: { title: "Harbour Notes", … } }. */
  | { kind: "field"; key: string; value: unknown }
  /** A list read item by item has begun; its items follow. */
  | { kind: "list"; key: string }
  /** One item of such a list; `index` counts from 0. */
  | { kind: "item"; key: string; index: number; value: unknown };

export interface JsonTopLevelOptions {
  /** What the file is, for error messages: "The Longhand archive". */
  what: string;
  /** Top-level fields read whole; any other field is passed over without being kept. */
  fields: readonly string[];
  /** Top-level arrays read item by item; a field of this name that is no array comes whole if `fields` names it. */
  lists: readonly string[];
}

/**
 * The top-level object of a JSON file read as a stream: the wanted fields, whole, and the
 * items of long lists one by one, as soon as each has been read. Any order of fields is
 * read. A fault — bad syntax, a file that ends too soon, a top level that is no object —
 * is an {@link ImportFormatError} naming the line.
 *
 * @example
 * for await (const part of jsonTopLevel(chunks, { what: "The archive", fields: ["blog"], lists: ["posts"] })) {
 *   if (part.kind === "item") console.log(part.index, part.value); // each post, one at a time
 * }
 */
export async function* jsonTopLevel(input: AsyncIterable<Uint8Array | string>, options: JsonTopLevelOptions): AsyncGenerator<JsonPart> {
  const fields = new Set(options.fields);
  const lists = new Set(options.lists);
  const choose = (path: JsonPath, shape: JsonShape): JsonChoice => {
    if (path.length === 0) {
      if (shape !== "object") throw new ImportFormatError(`${options.what} is not a JSON object with named fields`);
      return "enter";
    }
    const key = path[0] as string;
    if (path.length === 2) return "keep";
    if (lists.has(key) && shape === "array") return "enter";
    return fields.has(key) ? "keep" : "skip";
  };
  for await (const event of jsonWalk(input, { what: options.what, choose })) {
    if (event.path.length === 0) continue;
    const key = event.path[0] as string;
    if (event.kind === "enter") yield { kind: "list", key };
    else if (event.kind === "value" && event.path.length === 2) yield { kind: "item", key, index: event.path[1] as number, value: event.value };
    else if (event.kind === "value") yield { kind: "field", key, value: event.value };
  }
}

/** Where a value sits in a JSON document: the keys and indexes that lead to it, e.g. ["db", 0, "data", "posts", 12]. */
export type JsonPath = readonly (string | number)[];

/** What a value is, as its first token shows. */
export type JsonShape = "object" | "array" | "scalar";

/** What {@link jsonWalk} does with a value. */
export type JsonChoice =
  /** Read it whole and hand it over as one `value` event. */
  | "keep"
  /** Go into the object or array and ask again for each of its members (a scalar is kept). */
  | "enter"
  /** Pass over it without keeping any of it. */
  | "skip";

/** What {@link jsonWalk} reports, in document order. */
export type JsonEvent =
  /** An object or array it was told to enter has begun; its members' events follow. */
  | { kind: "enter"; path: JsonPath; shape: "object" | "array" }
  /** A value it was told to keep, read whole. */
  | { kind: "value"; path: JsonPath; value: unknown }
  /** An entered object or array has ended; `members` counts its fields or items, kept or not. */
  | { kind: "leave"; path: JsonPath; shape: "object" | "array"; members: number };

export interface JsonWalkOptions {
  /** What the file is, for error messages: "The Ghost export". */
  what: string;
  /**
   * Decides, as each value begins, what to do with it. Called for the top-level value and then
   * for each member of every object or array entered. It may throw, e.g. an ImportFormatError
   * for a top level of the wrong shape.
   */
  choose(path: JsonPath, shape: JsonShape): JsonChoice;
  /** See {@link JsonTokensOptions.checked}. */
  checked?: boolean;
}

/**
 * A JSON document read as a stream, down to the depth the caller chooses: it enters the
 * objects and arrays it is told to, keeps the values it is told to keep, one at a time, and
 * passes over the rest without keeping them — so a list nested deep in a file (a Ghost
 * export's `db[0].data.posts`) comes item by item, and a table nobody wants is only counted.
 * A fault is an {@link ImportFormatError} naming the line.
 *
 * @example
 * const choose = (path: JsonPath) => (path.length < 2 ? "enter" : path[0] === "posts" ? "keep" : "skip");
 * for await (const event of jsonWalk(chunks, { what: "The export", choose })) {
 *   if (event.kind === "value") console.log(event.path, event.value); // ["posts", 0] { … }
 * }
 */
export async function* jsonWalk(input: AsyncIterable<Uint8Array | string>, options: JsonWalkOptions): AsyncGenerator<JsonEvent> {
  /** The objects and arrays entered, innermost last. */
  const open: Array<{ shape: "object" | "array"; path: JsonPath; members: number; key: string }> = [];
  /** The value being kept or passed over, with where it is. */
  let value: { reader: ValueReader; path: JsonPath; keep: boolean } | null = null;

  for await (const tokens of jsonTokens(input, options.what, { checked: options.checked ?? false })) {
    for (const token of tokens) {
      if (value === null) {
        const parent = open[open.length - 1];
        if (parent?.shape === "object") {
          if (token.name === "keyValue") {
            parent.key = token.value;
            continue;
          }
          if (token.name === "endObject") {
            open.pop();
            yield { kind: "leave", path: parent.path, shape: "object", members: parent.members };
            continue;
          }
        } else if (parent?.shape === "array" && token.name === "endArray") {
          open.pop();
          yield { kind: "leave", path: parent.path, shape: "array", members: parent.members };
          continue;
        }
        const path = parent === undefined ? [] : [...parent.path, parent.shape === "object" ? parent.key : parent.members];
        if (parent !== undefined) parent.members++;
        const shape: JsonShape = token.name === "startObject" ? "object" : token.name === "startArray" ? "array" : "scalar";
        const choice = options.choose(path, shape);
        if (choice === "enter" && shape !== "scalar") {
          open.push({ shape, path, members: 0, key: "" });
          yield { kind: "enter", path, shape };
          continue;
        }
        const keep = choice !== "skip";
        value = { reader: valueReader(keep), path, keep };
      }
      if (!value.reader.take(token)) continue;
      const done = value;
      value = null;
      if (done.keep) yield { kind: "value", path: done.path, value: done.reader.value() };
    }
  }
}

/** Collects one value from its tokens; a value nobody wants is only counted through. */
interface ValueReader {
  /** Takes the value's next token; true once the value is complete (at once for a number or a string). */
  take(token: Token): boolean;
  value(): unknown;
}

function valueReader(keep: boolean): ValueReader {
  const assembler = keep ? new Assembler() : null;
  let open = 0;
  return {
    take(token) {
      if (token.name === "startObject" || token.name === "startArray") open++;
      else if (token.name === "endObject" || token.name === "endArray") open--;
      assembler?.consume(token);
      return open === 0;
    },
    value: () => assembler?.current,
  };
}

export interface JsonTokensOptions {
  /**
   * The caller has checked each piece of text before handing it over (and the end, before the
   * input ends), and reports faults in its own words (see json-syntax.ts): the
   * verifier is not run, which saves reading every character twice.
   */
  checked?: boolean;
}

/** stream-chain's "no more input" signal: called with it, the tokenizer checks the document is complete. */
const END_OF_INPUT = Symbol.for("object-stream.none");

/**
 * The tokens of a JSON document, a chunk's worth at a time; keys, strings and numbers come
 * whole. The verifier runs a step ahead of the tokenizer because only it knows where a
 * fault is, so an error names the line and column.
 */
export async function* jsonTokens(input: AsyncIterable<Uint8Array | string>, what: string, options: JsonTokensOptions = {}): AsyncGenerator<Token[]> {
  const verify = jsonVerifier();
  const tokenize = jsonParser({ streamValues: false });
  const decoder = new TextDecoder("utf-8");
  let started = false;
  let empty = true;

  function step(text: string | typeof END_OF_INPUT): Token[] {
    const ending = text === END_OF_INPUT;
    try {
      if (!options.checked) (verify as (input: string | symbol) => unknown)(text);
    } catch (error) {
      const fault = error as VerifierError;
      if (ending && empty) throw new ImportFormatError(`${what} is empty`);
      if (ending) throw new ImportFormatError(`${what} ends too soon: the file is cut short, perhaps by a copy or download that did not finish`, fault.line);
      throw new ImportFormatError(`${what} is not valid JSON: ${describeFault(fault.message)} at column ${fault.pos}`, fault.line);
    }
    let out: ReturnType<typeof tokenize>;
    try {
      out = (tokenize as (input: string | symbol) => ReturnType<typeof tokenize>)(text);
    } catch (error) {
      // The verifier has already accepted this text, so this is not expected; say what we know.
      throw new ImportFormatError(`${what} is not valid JSON: ${describeFault((error as Error).message)}`);
    }
    return typeof out === "symbol" ? [] : out.values;
  }

  for await (const chunk of input) {
    let text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (!started && text !== "") {
      started = true;
      text = text.replace(/^\uFEFF/, "");
    }
    if (empty && /\S/.test(text)) empty = false;
    const tokens = step(text);
    if (tokens.length > 0) yield tokens;
  }
  const rest = decoder.decode();
  const tokens = [...(rest === "" ? [] : step(rest)), ...step(END_OF_INPUT)];
  if (tokens.length > 0) yield tokens;
}

/** stream-json's message without its prefix: "ERROR at 13 (2, 4): Verifier cannot parse input: expected ','" gives "expected ','". */
function describeFault(message: string): string {
  return message.replace(/^ERROR at \d+ \(\d+, \d+\): /, "").replace(/^(?:Verifier|Parser) (?:cannot parse input: |has )/, "");
}
