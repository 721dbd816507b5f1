/**
 * A JSON syntax check that reads a document piece by piece and names the first mistake in
 * plain words: `unexpected "}" where a value was expected`, at a line and column. The Ghost
 * importer runs it ahead of stream-json's tokenizer, so its errors read the same whether the
 * file is big or small. It never quotes the file, which may hold secrets.
 */

/** The first mistake in a JSON text. */
export interface JsonFault {
  /** Characters (UTF-16 code units) from the start of the text, a byte order mark not counted. */
  offset: number;
  /** Counting from 1, by "\n". */
  line: number;
  /** Counting from 1. */
  column: number;
  /** e.g. `unexpected "o" where "," or "}" was expected`. */
  problem: string;
}

type Want = "value" | "valueOrEnd" | "key" | "keyOrEnd" | "colon" | "next";

const LITERALS = ["true", "false", "null"] as const;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** The plain run of a string's body, up to a quote, a backslash or a control character. */
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
/** A run of the characters a number is made of. */
const NUMBER_CHARS = /[-+.eE\d]*/y;

function describe(c: string | undefined): string {
  if (c === undefined) return "the end of the file";
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? `character U+${code.toString(16).padStart(4, "0").toUpperCase()}` : `"${c}"`;
}

/**
 * Checks a JSON text given in pieces: {@link push} each piece in order, then {@link end}.
 * Each returns the first fault, or null while the text is fine so far. Any nesting depth is
 * safe (nothing recurses), and a piece may end anywhere, even inside a string or a number.
 *
 * @example
 * const check = new JsonSyntaxCheck();
 * const fault = check.push('{"posts": [') ?? check.push("}") ?? check.end();
 * // { offset: 11, line: 1, column: 12, problem: 'unexpected "}" where a value was expected' }
 */
export class JsonSyntaxCheck {
  private readonly containers: Array<"{" | "["> = [];
  private want: Want = "value";
  /** Inside a string: where it began, and whether it is a property name. */
  private string: { start: number; isKey: boolean } | null = null;
  /** The end of the last piece, kept because it may be the start of a number, literal or escape. */
  private carry = "";
  /** The offset of the first character of `carry`. */
  private base = 0;
  private line = 1;
  private lineStart = 0;
  private fault: JsonFault | null = null;

  /** Checks the next piece of the text. */
  push(piece: string): JsonFault | null {
    if (this.fault === null) this.scan(this.carry + piece, false);
    return this.fault;
  }

  /** Says the text has ended: checks that the document is complete. */
  end(): JsonFault | null {
    if (this.fault === null) this.scan(this.carry, true);
    return this.fault;
  }

  private fail(at: number, problem: string): void {
    // A fault never lies before the current line: a string cannot hold a raw line break.
    this.fault = { offset: at, line: this.line, column: at - this.lineStart + 1, problem };
  }

  /** Reads `text` (the carry and a new piece); `last` when no more text follows. */
  private scan(text: string, last: boolean): void {
    const { base } = this;
    const length = text.length;
    let i = 0;
    /** Keeps the rest of the text for the next piece; false when there is no next piece. */
    const keep = (): boolean => {
      if (last) return false;
      this.carry = text.slice(i);
      this.base = base + i;
      return true;
    };
    this.carry = "";
    for (;;) {
      if (this.string !== null) {
        STRING_RUN.lastIndex = i;
        STRING_RUN.test(text);
        i = STRING_RUN.lastIndex;
        const c = text[i];
        if (c === undefined) {
          if (last) this.fail(this.string.start, "a string is not closed");
          else this.base = base + i;
          return;
        }
        if (c === '"') {
          i++;
          this.want = this.string.isKey ? "colon" : "next";
          this.string = null;
          continue;
        }
        if (c !== "\\") return this.fail(base + i, `unescaped ${describe(c)} in a string`);
        const e = text[i + 1];
        if (e === "u") {
          const hex = text.slice(i + 2, i + 6);
          if (/^[0-9a-fA-F]{4}$/.test(hex)) {
            i += 6;
            continue;
          }
          if (i + 6 > length && /^[0-9a-fA-F]*$/.test(hex) && keep()) return;
          return this.fail(base + i, "a bad \\u escape in a string");
        }
        if (e === undefined && keep()) return;
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return this.fail(base + i, "a bad escape in a string");
        i += 2;
        continue;
      }

      let c = text[i];
      while (c === " " || c === "\t" || c === "\n" || c === "\r") {
        if (c === "\n") {
          this.line++;
          this.lineStart = base + i + 1;
        }
        c = text[++i];
      }
      if (c === undefined && !last) {
        this.base = base + i;
        return;
      }
      const at = base + i;
      switch (this.want) {
        case "valueOrEnd":
        case "value": {
          if (this.want === "valueOrEnd" && c === "]") {
            this.containers.pop();
            i++;
            this.want = "next";
            break;
          }
          if (c === "{" || c === "[") {
            this.containers.push(c);
            i++;
            this.want = c === "{" ? "keyOrEnd" : "valueOrEnd";
            break;
          }
          if (c === '"') {
            this.string = { start: at, isKey: false };
            i++;
            break;
          }
          const literal = LITERALS.find((word) => text.startsWith(word, i));
          if (literal) {
            i += literal.length;
            this.want = "next";
            break;
          }
          const rest = text.slice(i, i + 5);
          if (LITERALS.some((word) => word.startsWith(rest) && rest.length < word.length) && i + rest.length === length && keep()) return;
          // A number that runs to the end of the piece may go on in the next ("1.5e" and "5").
          NUMBER_CHARS.lastIndex = i;
          if (c !== undefined && NUMBER_CHARS.test(text) && NUMBER_CHARS.lastIndex === length && keep()) return;
          NUMBER.lastIndex = i;
          if (c !== undefined && NUMBER.test(text)) {
            i = NUMBER.lastIndex;
            this.want = "next";
            break;
          }
          return this.fail(at, `unexpected ${describe(c)} where a value was expected`);
        }
        case "keyOrEnd":
        case "key": {
          if (this.want === "keyOrEnd" && c === "}") {
            this.containers.pop();
            i++;
            this.want = "next";
            break;
          }
          if (c !== '"') return this.fail(at, `unexpected ${describe(c)} where a property name in double quotes was expected`);
          this.string = { start: at, isKey: true };
          i++;
          break;
        }
        case "colon":
          if (c !== ":") return this.fail(at, `unexpected ${describe(c)} where ":" was expected`);
          i++;
          this.want = "value";
          break;
        case "next": {
          const container = this.containers[this.containers.length - 1];
          if (!container) {
            if (c !== undefined) this.fail(at, `unexpected ${describe(c)} after the end of the JSON value`);
            return;
          }
          const close = container === "{" ? "}" : "]";
          if (c === ",") {
            i++;
            this.want = container === "{" ? "key" : "value";
          } else if (c === close) {
            this.containers.pop();
            i++;
          } else {
            return this.fail(at, `unexpected ${describe(c)} where "," or "${close}" was expected`);
          }
          break;
        }
      }
    }
  }
}

/** Finds the first syntax error in a whole JSON text, or null if there is none. */
export function findJsonError(source: string): { offset: number; problem: string } | null {
  const check = new JsonSyntaxCheck();
  const fault = check.push(source) ?? check.end();
  return fault && { offset: fault.offset, problem: fault.problem };
}
