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
  /** Inside the top-level object, between its fields. */
  let inObject = false;
  let key: string | null = null;
  let list: { key: string; index: number } | null = null;
  let value: ValueReader | null = null;

  for await (const tokens of jsonTokens(input, options.what)) {
    for (const token of tokens) {
      if (value === null) {
        if (!inObject) {
          if (token.name !== "startObject") throw new ImportFormatError(`${options.what} is not a JSON object with named fields`);
          inObject = true;
          continue;
        }
        if (list !== null) {
          if (token.name === "endArray") {
            list = null;
            continue;
          }
          value = valueReader(true);
        } else if (token.name === "keyValue") {
          key = token.value;
          continue;
        } else if (token.name === "endObject") {
          inObject = false;
          continue;
        } else if (lists.has(key!) && token.name === "startArray") {
          list = { key: key!, index: 0 };
          yield { kind: "list", key: key! };
          continue;
        } else {
          value = valueReader(fields.has(key!));
        }
      }
      if (!value.take(token)) continue;
      const whole = value.value();
      value = null;
      if (list !== null) yield { kind: "item", key: list.key, index: list.index++, value: whole };
      else if (fields.has(key!)) yield { kind: "field", key: key!, value: whole };
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

/** stream-chain's "no more input" signal: called with it, the tokenizer checks the document is complete. */
const END_OF_INPUT = Symbol.for("object-stream.none");

/**
 * The tokens of a JSON document, a chunk's worth at a time; keys, strings and numbers come
 * whole. The verifier runs a step ahead of the tokenizer because only it knows where a
 * fault is, so an error names the line and column.
 */
export async function* jsonTokens(input: AsyncIterable<Uint8Array | string>, what: string): AsyncGenerator<Token[]> {
  const verify = jsonVerifier();
  const tokenize = jsonParser({ streamValues: false });
  const decoder = new TextDecoder("utf-8");
  let started = false;
  let empty = true;

  function step(text: string | typeof END_OF_INPUT): Token[] {
    const ending = text === END_OF_INPUT;
    try {
      (verify as (input: string | symbol) => unknown)(text);
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
