import sanitizeHtml from "sanitize-html";
import { GALLERY_CLASSES, GALLERY_ID } from "./gallery.js";

/** Table cell alignment is the only inline style a post keeps; Markdown tables write it this way. */
const CELL_ALIGNMENT = { "text-align": [/^(?:left|right|center|justify)$/] };

/** Elements whose text must vanish with them, not spill into the post as loose text. */
const DROPPED_WITH_CONTENT = [
  "script", "style", "textarea", "option", "xmp", "noscript", "noembed", "noframes",
  "template", "title", "iframe", "object", "embed", "svg", "math", "select",
];

const POST_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    // b, i, u, small and q are not in Markdown, but imported blogs are full of them.
    "a", "em", "strong", "b", "i", "u", "small", "q", "del", "s", "code", "pre", "blockquote", "footer", "cite",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "img", "picture", "source",
    "sup", "sub", "abbr", "kbd", "mark", "span", "div",
  ],
  allowedAttributes: {
    a: ["href", "title", "target", "rel"],
    img: ["src", "alt", "title", "width", "height", "loading"],
    source: ["srcset", "type", "sizes"],
    blockquote: ["cite"],
    // Only a gallery's own ids survive (see galleryId below); they are what its links point at.
    figure: ["id"],
    q: ["cite"],
    ol: ["start", "reversed"],
    abbr: ["title"],
    th: ["align", "style"],
    td: ["align", "style"],
  },
  allowedClasses: {
    // Fenced code keeps its language so a theme can highlight it.
    code: ["language-*"],
    footer: ["quote-source"],
    ...GALLERY_CLASSES,
  },
  allowedStyles: { th: CELL_ALIGNMENT, td: CELL_ALIGNMENT },
  allowedSchemes: ["http", "https", "mailto"],
  // Images load without a click, so they get no mailto and, above all, no data: URLs.
  allowedSchemesByTag: { img: ["http", "https"], source: ["http", "https"] },
  // srcset is checked URL by URL by sanitize-html itself, against allowedSchemes.
  allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
  allowProtocolRelative: true,
  nonTextTags: DROPPED_WITH_CONTENT,
  // A picture's <source> is void like <img>; written with a closing tag it is invalid HTML.
  selfClosing: [...sanitizeHtml.defaults.selfClosing, "source"],
  disallowedTagsMode: "discard",
  transformTags: { a: linkTarget, figure: galleryId },
};

/**
 * The last line of defence for a post's HTML, whether rendered from the author's Markdown
 * or brought in by an import: keeps prose, tables, figures and pictures; drops scripts,
 * frames, event handlers, inline styles (except table cell alignment) and any URL that is
 * not http, https, mailto or relative.
 */
export function sanitizePostHtml(html: string): string {
  return sanitizeHtml(html, POST_POLICY);
}

/**
 * An id is a name in the page's one namespace: a post may only use its galleries' own
 * pattern, so it can neither clash with the theme's ids nor hijack its links.
 */
function galleryId(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const { id, ...rest } = attribs;
  return { tagName, attribs: id !== undefined && GALLERY_ID.test(id) ? { ...rest, id } : rest };
}

/**
 * A link may open a new tab, and then must not hand the new page a handle on this one;
 * any other target (a named frame, "_top") has no use in a post.
 */
function linkTarget(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const { target, ...rest } = attribs;
  if (target !== "_blank") return { tagName, attribs: rest };
  const rel = new Set((rest.rel ?? "").split(/\s+/).filter(Boolean));
  rel.add("noopener");
  return { tagName, attribs: { ...rest, target, rel: [...rel].join(" ") } };
}
