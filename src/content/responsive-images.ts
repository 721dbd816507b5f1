import type { ImageFormat, MediaItem, MediaVariant } from "../domain/media.js";

/**
 * How wide a post's pictures are shown: the whole window less the page's margins on narrow
 * screens, the content column (40em) on wide ones. Browsers pick a variant from this before
 * any style sheet has loaded.
 */
export const POST_IMAGE_SIZES = "(max-width: 52em) calc(100vw - 2rem), 40em";

/** A gallery's thumbnails: a column on phones, a third of the content column elsewhere. */
export const GALLERY_THUMBNAIL_SIZES = "(max-width: 40em) 100vw, 13em";
/** A gallery's photo opened large fills the window. */
export const GALLERY_VIEWER_SIZES = "100vw";

/** Formats offered as `<source>`s, smallest files first; the `<img>` keeps the original's format. */
const MODERN_FORMATS: readonly ImageFormat[] = ["avif", "webp"];

const MEDIA_TYPES: Record<ImageFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
};

/** What {@link responsiveImages} needs to know of the page the HTML is shown on. */
export interface ResponsiveImageOptions {
  /**
   * The first picture is probably on the first screen: it loads at once, and the others
   * only as the reader scrolls near them. False for everything below something else
   * (a post further down a listing).
   */
  firstOnScreen: boolean;
}

/**
 * A post's stored HTML with each of the blog's own pictures made responsive: `<picture>`
 * with AVIF and WebP `<source>`s at every processed width, the `<img>` with a `srcset` in
 * its own format, and its `width` and `height` so the page does not jump while it loads.
 * Pictures not yet processed still get their size; pictures from other sites are left as
 * they are but for lazy loading.
 *
 * Works on HTML the post sanitiser wrote (every attribute double-quoted and escaped), which is
 * what posts store; `lookup` finds a media item by its file name (the part after /media/).
 *
 * @example
 * responsiveImages('<img src="/media/ab12.jpg" alt="Pier" loading="lazy" />', lookup, { firstOnScreen: true })
 * // <picture><source type="image/avif" srcset="/media/ab12-480.avif 480w, …" sizes="…"> … <img src="/media/ab12.jpg" … width="3000" height="2000" fetchpriority="high" /></picture>
 */
export function responsiveImages(html: string, lookup: (file: string) => MediaItem | undefined, options: ResponsiveImageOptions): string {
  let seen = 0;
  return html.replace(/<img\b([^>]*?)\s*\/?>/g, (tag, attributeText: string, offset: number) => {
    const first = seen++ === 0 && options.firstOnScreen;
    const sizes = sizesAt(html.slice(Math.max(0, offset - 200), offset));
    const attributes = readAttributes(attributeText);
    const file = /^\/media\/([A-Za-z0-9][A-Za-z0-9._-]*)$/.exec(attributes.get("src") ?? "")?.[1];
    const item = file === undefined ? undefined : lookup(file);
    attributes.delete("loading");
    if (first) attributes.set("fetchpriority", "high");
    else attributes.set("loading", "lazy");
    attributes.set("decoding", "async");
    if (!item) return `<img${writeAttributes(attributes)} />`;

    attributes.set("width", String(item.width));
    attributes.set("height", String(item.height));
    if (item.status !== "ready" || item.variants.length === 0) return `<img${writeAttributes(attributes)} />`;

    const own = srcset(item.variants, item.format, { file: item.file, width: item.width });
    if (own) {
      attributes.set("srcset", own);
      attributes.set("sizes", sizes);
    }
    const sources = MODERN_FORMATS.filter((format) => format !== item.format)
      .map((format) => [format, srcset(item.variants, format, null)] as const)
      .filter(([, set]) => set !== "")
      .map(([format, set]) => `<source type="${MEDIA_TYPES[format]}" srcset="${set}" sizes="${sizes}">`);
    return `<picture>${sources.join("")}<img${writeAttributes(attributes)} /></picture>`;
  });
}

/** How wide the picture is shown, from the markup just before it: a gallery's thumbnail, its large view, or a post's picture. */
function sizesAt(before: string): string {
  if (/<a class="gallery-open"[^>]*>$/.test(before)) return GALLERY_THUMBNAIL_SIZES;
  if (/<figure class="gallery-viewer"[^>]*>$/.test(before)) return GALLERY_VIEWER_SIZES;
  return POST_IMAGE_SIZES;
}

/** "/media/x-480.webp 480w, /media/x-960.webp 960w", narrowest first, plus the full-size original when given. */
function srcset(variants: readonly MediaVariant[], format: ImageFormat, original: { file: string; width: number } | null): string {
  const candidates = variants
    .filter((variant) => variant.format === format)
    .map((variant) => ({ file: variant.file, width: variant.width }));
  if (original && !candidates.some((c) => c.width === original.width)) candidates.push(original);
  if (candidates.length < 2 && original) return "";
  return candidates
    .sort((a, b) => a.width - b.width)
    .map((c) => `/media/${c.file} ${c.width}w`)
    .join(", ");
}

/** Attributes as the sanitiser writes them: name="value", already escaped; their order is kept. */
function readAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(/([a-zA-Z][\w:-]*)="([^"]*)"/g)) {
    if (!attributes.has(match[1]!)) attributes.set(match[1]!, match[2]!);
  }
  return attributes;
}

function writeAttributes(attributes: Map<string, string>): string {
  let text = "";
  for (const [name, value] of attributes) text += ` ${name}="${value}"`;
  return text;
}
