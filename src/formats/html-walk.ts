import { Tokenizer } from "htmlparser2";
import type { TokenizerCallbacks } from "htmlparser2";

// A walk over HTML that no page can make slow: the Webmention readers use it on strangers' pages.

/** A start tag as {@link walkHtml} reports it. */
export interface HtmlTag {
  /** The element's name in lower case. */
  name: string;
  /** Its attributes, names in lower case, values with character references decoded; the first of two same-named attributes wins, as in a browser. */
  attributes: Readonly<Record<string, string>>;
  /** Where the tag (`<` to `>`) sits in the HTML, end exclusive, so that a caller can rewrite it. */
  start: number;
  end: number;
  /** Written `<…/>`, which HTML ignores except inside SVG and MathML. */
  selfClosing: boolean;
}

/** What {@link walkHtml} calls; a callback that returns "stop" ends the walk there. */
export interface HtmlVisitor {
  openTag?(tag: HtmlTag): void | "stop";
  closeTag?(name: string): void | "stop";
  /** Text with character references decoded, in pieces (a reference is a piece of its own). */
  text?(text: string): void | "stop";
}

/**
 * Walks an HTML string's start tags, end tags and text in document order, tokenised as a
 * browser would: comments, doctypes and CDATA are skipped, and what is inside script, style,
 * title and textarea is text. It builds no tree and keeps no stack of open elements, so its
 * time and memory grow with the length of the HTML alone, however deep or broken the
 * nesting a stranger's page throws at it (a tree builder, a browser's included, spends time
 * on every open element for every tag). End tags come as written: a caller that cares
 * which element they close keeps its own, bounded, account.
 */
export function walkHtml(html: string, visitor: HtmlVisitor): void {
  const reader = new TagReader(html, visitor);
  reader.tokenizer.write(html);
  if (reader.tokenizer.running) reader.tokenizer.end();
}

/** Turns the tokenizer's positions into names, attributes and text for a {@link HtmlVisitor}. */
class TagReader implements TokenizerCallbacks {
  readonly tokenizer: Tokenizer;
  private tagName = "";
  private tagStart = 0;
  // A prototype-free record, so that an attribute named "__proto__" is just an attribute.
  private attributes: Record<string, string> = Object.create(null);
  private attributeName = "";
  private attributeValue = "";

  constructor(
    private readonly html: string,
    private readonly visitor: HtmlVisitor,
  ) {
    this.tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, this);
  }

  /** Set once a visitor said "stop": the tokenizer may still hand over what it had read, and that goes nowhere. */
  private stopped = false;

  private obey(answer: void | "stop"): void {
    if (answer !== "stop") return;
    this.stopped = true;
    this.tokenizer.pause();
  }

  onopentagname(start: number, endIndex: number): void {
    this.tagName = this.html.slice(start, endIndex).toLowerCase();
    this.tagStart = start - 1;
    this.attributes = Object.create(null);
  }

  onattribname(start: number, endIndex: number): void {
    this.attributeName = this.html.slice(start, endIndex).toLowerCase();
  }

  onattribdata(start: number, endIndex: number): void {
    this.attributeValue += this.html.slice(start, endIndex);
  }

  onattribentity(codepoint: number): void {
    this.attributeValue += character(codepoint);
  }

  onattribend(): void {
    if (!Object.hasOwn(this.attributes, this.attributeName)) this.attributes[this.attributeName] = this.attributeValue;
    this.attributeValue = "";
  }

  onopentagend(endIndex: number): void {
    this.openTag(endIndex, false);
  }

  onselfclosingtag(endIndex: number): void {
    this.openTag(endIndex, true);
  }

  private openTag(endIndex: number, selfClosing: boolean): void {
    const tag = { name: this.tagName, attributes: this.attributes, start: this.tagStart, end: endIndex + 1, selfClosing };
    if (!this.stopped) this.obey(this.visitor.openTag?.(tag));
  }

  onclosetag(start: number, endIndex: number): void {
    if (!this.stopped) this.obey(this.visitor.closeTag?.(this.html.slice(start, endIndex).toLowerCase()));
  }

  ontext(start: number, endIndex: number): void {
    if (!this.stopped) this.obey(this.visitor.text?.(this.html.slice(start, endIndex)));
  }

  ontextentity(codepoint: number): void {
    if (!this.stopped) this.obey(this.visitor.text?.(character(codepoint)));
  }

  oncomment(): void {}
  oncdata(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}
  onend(): void {}
}

/** The tokenizer already maps references to nothing or to surrogates onto U+FFFD; this is the last guard. */
function character(codepoint: number): string {
  return codepoint >= 0 && codepoint <= 0x10ffff ? String.fromCodePoint(codepoint) : "\uFFFD";
}
