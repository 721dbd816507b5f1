import { getHeapStatistics } from "node:v8";
import { SaxesParser, type SaxesTagNS } from "saxes";
import { ImportFormatError } from "./import-model.js";

/** One element of an XML record, with its namespace, attributes, text and children. */
export interface XmlElement {
  /** Namespace URI ("" for none). */
  uri: string;
  /** Local name, without prefix: "entry", "post_id". */
  local: string;
  /** Attributes by local name (namespaced attributes also under "prefix:local"). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text and CDATA, in order, children's text excluded. */
  text: string;
  /** Line where the element starts, for error messages. */
  line: number;
}

/** Options for reading records out of a large XML file. */
export interface XmlRecordOptions {
  /**
   * Whether the element that just opened, under these ancestors (outermost first, local
   * names), is a record: it is then collected whole and yielded when it closes. Everything
   * outside records is read and dropped, so memory stays bounded by the largest record.
   */
  isRecord(ancestors: readonly string[], element: { uri: string; local: string }): boolean;
  /** A record larger than this many characters of text is refused (default: see defaultMaxRecordChars). */
  maxRecordChars?: number;
}

/**
 * 32 MiB of text, or an eighth of the heap this thread may use if that is less. A record is
 * copied a few times on its way to the store (joined, sanitised, sent on), so a record near
 * the heap's size would exhaust it; refusing it here, with its size, comes before that, on an
 * import thread with a small heap as on the main one. (V8 running out of a worker's heap is
 * caught too, but not always: a large allocation can end the whole process instead.)
 */
export function defaultMaxRecordChars(): number {
  return Math.min(32 * 1024 * 1024, Math.floor(getHeapStatistics().heap_size_limit / 8));
}

/**
 * Streams records out of an XML file. Refuses any DOCTYPE (so no entity is ever defined or
 * expanded, and no external resource is read) and any malformed XML, with the line.
 *
 * @example
 * for await (const entry of xmlRecords(chunks, { isRecord: (up, el) => up.length === 1 && el.local === "entry" })) …
 */
export async function* xmlRecords(input: AsyncIterable<Uint8Array | string>, options: XmlRecordOptions): AsyncGenerator<XmlElement> {
  const maxChars = options.maxRecordChars ?? defaultMaxRecordChars();
  const parser = new SaxesParser({ xmlns: true, position: true });
  const ready: XmlElement[] = [];
  const ancestors: string[] = [];
  /** The open elements of the record being collected, innermost last. */
  const open: XmlElement[] = [];
  let recordChars = 0;
  let failure: ImportFormatError | null = null;

  const fail = (message: string) => {
    failure ??= new ImportFormatError(message, parser.line);
  };

  parser.on("error", (error) => fail(`Not well-formed XML: ${error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, "")}`));
  parser.on("doctype", () => fail("The file has a DOCTYPE; Longhand does not read DTDs or entities, which exports never need"));
  parser.on("opentag", (tag) => {
    const element: XmlElement = { uri: tag.uri, local: tag.local, attrs: attributes(tag), children: [], text: "", line: parser.line };
    if (open.length > 0) {
      open[open.length - 1]!.children.push(element);
      open.push(element);
    } else if (options.isRecord(ancestors, element)) {
      recordChars = 0;
      open.push(element);
    }
    ancestors.push(tag.local);
  });
  const addText = (text: string) => {
    const current = open[open.length - 1];
    if (!current) return;
    recordChars += text.length;
    if (recordChars > maxChars) {
      const limit = maxChars >= 1024 * 1024 ? `${Math.round(maxChars / 1024 / 1024)} MiB` : `${maxChars} characters`;
      fail(`An item of the export is larger than ${limit}`);
      return;
    }
    current.text += text;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", () => {
    ancestors.pop();
    const closed = open.pop();
    if (closed && open.length === 0) ready.push(closed);
  });

  const decoder = new TextDecoder("utf-8", { fatal: true });
  const feed = (text: string) => {
    if (failure) return;
    parser.write(text);
  };
  try {
    for await (const chunk of input) {
      feed(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
      if (failure) throw failure;
      yield* ready.splice(0);
    }
    feed(decoder.decode());
    if (!failure) parser.close();
  } catch (error) {
    if (error instanceof ImportFormatError) throw error;
    if (error instanceof TypeError) throw new ImportFormatError("The file is not UTF-8 text", parser.line);
    throw new ImportFormatError(`Not well-formed XML: ${error instanceof Error ? error.message : String(error)}`, parser.line);
  }
  if (failure) throw failure;
  if (ancestors.length > 0) throw new ImportFormatError(`The file ends in the middle of <${ancestors.at(-1)}>: it is truncated`, parser.line);
  yield* ready.splice(0);
}

function attributes(tag: SaxesTagNS): Record<string, string> {
  const attrs: Record<string, string> = {};
  // for…in rather than Object.values: a big export has millions of elements, most without attributes.
  for (const name in tag.attributes) {
    const attribute = tag.attributes[name]!;
    attrs[attribute.local] = attribute.value;
    if (attribute.prefix) attrs[`${attribute.prefix}:${attribute.local}`] = attribute.value;
  }
  return attrs;
}

/** The first child with this local name (and namespace, when given). */
export function child(element: XmlElement, local: string, uri?: string): XmlElement | undefined {
  return element.children.find((c) => c.local === local && (uri === undefined || c.uri === uri));
}

/** Every child with this local name (and namespace, when given). */
export function children(element: XmlElement, local: string, uri?: string): XmlElement[] {
  return element.children.filter((c) => c.local === local && (uri === undefined || c.uri === uri));
}

/** The trimmed text of the first child with this name, or null. */
export function childText(element: XmlElement, local: string, uri?: string): string | null {
  const found = child(element, local, uri);
  return found ? found.text.trim() : null;
}
