import type { PluginSimple, StateCore, Token } from "markdown-it";

/**
 * Longhand's gallery: a paragraph made only of two or more images (separated by spaces or
 * line breaks), or a fenced block with the info string `gallery` holding one image per
 * line, becomes a grid of thumbnails. Each thumbnail opens its photo large, with its
 * caption and "Previous", "Next" and "Close" links, through a CSS `:target` viewer: no
 * script. An image's title is its caption, as for a lone captioned photo.
 *
 * @example
 * ![Pier](/media/pier.jpg "The pier") ![Gulls](/media/gulls.jpg)
 * // <figure class="gallery" id="gallery-1a2b3c4d"><ul class="gallery-grid">
 * //   <li><figure class="gallery-item"><a class="gallery-open" href="#photo-1a2b3c4d-1"><img …></a>
 * //     <figcaption>The pier</figcaption></figure></li> …</ul>
 * //   <figure class="gallery-viewer" id="photo-1a2b3c4d-1"><img …>
 * //     <figcaption>The pier<div class="gallery-controls"><a class="gallery-next" href="#photo-1a2b3c4d-2">Next</a> <a class="gallery-close" href="#gallery-1a2b3c4d">Close</a></div></figcaption></figure> …</figure>
 */
export const gallery: PluginSimple = (md) => {
  // Before "linkify" and "text_join", so captions get the same inline treatment as body text.
  md.core.ruler.after("inline", "longhand_gallery", (state) => {
    const tokens = state.tokens;
    let ordinal = 0;
    for (let i = 0; i < tokens.length; i++) {
      const found = galleryAt(state, i);
      if (!found) continue;
      const galleryTokens = buildGallery(state, found.images, found.level, found.map, `${ordinal++}\n${found.source}`);
      tokens.splice(i, found.length, ...galleryTokens);
      i += galleryTokens.length - 1;
    }
  });
};

/** The classes and ids a gallery writes, for the post sanitiser to let through and nothing more. */
export const GALLERY_CLASSES: Record<"figure" | "ul" | "a" | "div", string[]> = {
  figure: ["gallery", "gallery-item", "gallery-viewer"],
  ul: ["gallery-grid"],
  a: ["gallery-open", "gallery-previous", "gallery-next", "gallery-close"],
  div: ["gallery-controls"],
};

/** The ids a gallery gives its figures: `gallery-<hash>` for the grid, `photo-<hash>-<n>` for each viewer. */
export const GALLERY_ID = /^(?:gallery-[0-9a-f]{8}|photo-[0-9a-f]{8}-[1-9][0-9]{0,3})$/;

interface FoundGallery {
  images: Token[];
  /** How many tokens the gallery replaces. */
  length: number;
  level: number;
  map: Token["map"];
  /** The Markdown it came from, which names its ids. */
  source: string;
}

/** A gallery starting at tokens[start]: an images-only paragraph, or a `gallery` fence. */
function galleryAt(state: StateCore, start: number): FoundGallery | undefined {
  const tokens = state.tokens;
  const token = tokens[start]!;
  if (token.type === "fence" && token.info.trim() === "gallery") {
    const children: Token[] = [];
    state.md.inline.parse(token.content.trim(), state.md, state.env, children);
    const images = onlyImages(children);
    // Written on purpose, a gallery of one is still a gallery; anything else stays the code block it looks like.
    if (!images || images.length === 0) return undefined;
    return { images, length: 1, level: token.level, map: token.map, source: token.content };
  }
  const [inline, close] = [tokens[start + 1], tokens[start + 2]];
  if (token.type !== "paragraph_open" || token.hidden) return undefined;
  if (inline?.type !== "inline" || close?.type !== "paragraph_close") return undefined;
  const images = onlyImages(inline.children ?? []);
  if (!images || images.length < 2) return undefined;
  return { images, length: 3, level: token.level, map: token.map, source: inline.content };
}

/** The images when the inline tokens are images and the blanks or line breaks between them, else undefined. */
function onlyImages(children: Token[]): Token[] | undefined {
  const images: Token[] = [];
  for (const child of children) {
    if (child.type === "image") images.push(child);
    else if (child.type === "softbreak" || child.type === "hardbreak") continue;
    else if (child.type === "text" && child.content.trim() === "") continue;
    else return undefined;
  }
  return images;
}

/** The gallery's tokens: the grid of thumbnails, then one viewer per photo. */
function buildGallery(state: StateCore, images: Token[], level: number, map: Token["map"], source: string): Token[] {
  const t = new TokenMaker(state);
  const hash = fnv1a(source);
  const galleryId = `gallery-${hash}`;
  const photoId = (n: number): string => `photo-${hash}-${n}`;
  const photos = images.map((image, index) => {
    const caption = image.attrGet("title") ?? "";
    // The caption says it below the photo; repeating it as a tooltip would say it twice.
    image.attrs = (image.attrs ?? []).filter(([name]) => name !== "title");
    return { image, caption, n: index + 1 };
  });

  const out: Token[] = [t.open("figure", level, { class: "gallery", id: galleryId }, map)];
  out.push(t.open("ul", level + 1, { class: "gallery-grid" }));
  for (const { image, caption, n } of photos) {
    const thumbnail = cloneToken(state, image);
    // The thumbnail is the link's only content, so it must name the link even when the author gave no alt text.
    if (image.content === "") setAlt(state, thumbnail, `Photo ${n} of ${photos.length}`);
    out.push(t.open("li", level + 2), t.open("figure", level + 3, { class: "gallery-item" }));
    out.push(t.inline(level + 4, [t.linkOpen(`#${photoId(n)}`, "gallery-open"), thumbnail, t.linkClose()]));
    if (caption) out.push(...t.caption(level + 4, caption));
    out.push(t.close("figure", level + 3), t.close("li", level + 2));
  }
  out.push(t.close("ul", level + 1));

  for (const { image, caption, n } of photos) {
    out.push(t.open("figure", level + 1, { class: "gallery-viewer", id: photoId(n) }));
    out.push(t.inline(level + 2, [image]));
    // The links sit in the caption so excerpts, which leave captions out, do not read them out as text.
    const links: Token[] = [];
    if (n > 1) links.push(t.linkOpen(`#${photoId(n - 1)}`, "gallery-previous"), t.text("Previous"), t.linkClose(), t.text(" "));
    if (n < photos.length) links.push(t.linkOpen(`#${photoId(n + 1)}`, "gallery-next"), t.text("Next"), t.linkClose(), t.text(" "));
    links.push(t.linkOpen(`#${galleryId}`, "gallery-close"), t.text("Close"), t.linkClose());
    out.push(t.open("figcaption", level + 2));
    if (caption) out.push(t.parsed(level + 3, caption));
    out.push(t.open("div", level + 3, { class: "gallery-controls" }), t.inline(level + 4, links), t.close("div", level + 3));
    out.push(t.close("figcaption", level + 2), t.close("figure", level + 1));
  }
  out.push(t.close("figure", level));
  return out;
}

/** Small helpers for the tokens a gallery is made of, all rendered by markdown-it's default rules. */
class TokenMaker {
  constructor(private readonly state: StateCore) {}

  open(tag: string, level: number, attrs: Record<string, string> = {}, map: Token["map"] = null): Token {
    const token = new this.state.Token(`gallery_${tag}_open`, tag, 1);
    token.block = true;
    token.level = level;
    token.map = map;
    for (const [name, value] of Object.entries(attrs)) token.attrSet(name, value);
    return token;
  }

  close(tag: string, level: number): Token {
    const token = new this.state.Token(`gallery_${tag}_close`, tag, -1);
    token.block = true;
    token.level = level;
    return token;
  }

  inline(level: number, children: Token[]): Token {
    const token = new this.state.Token("inline", "", 0);
    token.level = level;
    token.children = children;
    return token;
  }

  /** Markdown parsed inline, as a caption is. */
  parsed(level: number, markdown: string): Token {
    const token = this.inline(level, []);
    token.content = markdown;
    this.state.md.inline.parse(markdown, this.state.md, this.state.env, token.children!);
    return token;
  }

  caption(level: number, markdown: string): Token[] {
    return [this.open("figcaption", level), this.parsed(level + 1, markdown), this.close("figcaption", level)];
  }

  linkOpen(href: string, className: string): Token {
    const token = new this.state.Token("link_open", "a", 1);
    token.attrSet("class", className);
    token.attrSet("href", href);
    return token;
  }

  linkClose(): Token {
    return new this.state.Token("link_close", "a", -1);
  }

  text(content: string): Token {
    const token = new this.state.Token("text", "", 0);
    token.content = content;
    return token;
  }
}

/** A copy of an image token, so the thumbnail and the large photo can differ without touching each other. */
function cloneToken(state: StateCore, image: Token): Token {
  const copy = new state.Token(image.type, image.tag, image.nesting);
  Object.assign(copy, image);
  copy.attrs = (image.attrs ?? []).map(([name, value]) => [name, value]);
  return copy;
}

/** markdown-it writes an image's alt from its children, not from an attribute. */
function setAlt(state: StateCore, image: Token, alt: string): void {
  const text = new state.Token("text", "", 0);
  text.content = alt;
  image.children = [text];
  image.content = alt;
}

/**
 * Eight hex digits naming a gallery by its Markdown and its place in the post, so that ids
 * differ between galleries on one page (a listing shows many posts) without the renderer
 * knowing which post it renders. FNV-1a: short, stable, and no secret to keep.
 */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * A post's HTML without its galleries' large views: they repeat the thumbnails for the
 * theme's no-script viewer, and say "Previous, Next, Close". Search, excerpts and feed
 * readers (which have no theme) want each photo and caption once.
 *
 * @example withoutGalleryViewers(renderPostMarkdown("![a](/media/a.jpg)\n![b](/media/b.jpg)")) // the grid only
 */
export function withoutGalleryViewers(html: string): string {
  return html.includes("gallery-viewer") ? html.replace(/<figure class="gallery-viewer" id="photo-[0-9a-f]{8}-\d+">[\s\S]*?<\/figure>\n?/g, "") : html;
}
