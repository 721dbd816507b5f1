/**
 * What feeds, link previews and exports need from a post's HTML. The HTML is Longhand's own, already
 * sanitised (every attribute double-quoted, `&` and `"` escaped), so reading it with
 * patterns is safe here; it would not be on HTML from elsewhere.
 */

const URL_ATTRIBUTE = /(\s(?:href|src|cite)=")([^"]*)(")/g;
const SRCSET_ATTRIBUTE = /(\ssrcset=")([^"]*)(")/g;
const FIRST_IMAGE = /<img\b[^>]*>/i;

/**
 * The HTML with its site-relative links and image addresses made absolute, for readers
 * that show it far from the blog (feed readers resolve no relative address reliably), and
 * for exports (on another platform "/media/harbour.png" would name a path that holds nothing).
 * Links to a fragment ("#c2", a comment answering comment 2) lead to it on `pageUrl`.
 *
 * @example absoluteLinks('<img src="/media/pier.png">', "https://blog.example.com") // '<img src="https://blog.example.com/media/pier.png">'
 * @example absoluteLinks('<a href="#c2">@2</a>', "https://b.example", "https://b.example/2010/11/x.html") // '<a href="https://b.example/2010/11/x.html#c2">@2</a>'
 */
export function absoluteLinks(html: string, baseUrl: string, pageUrl?: string): string {
  return html
    .replace(URL_ATTRIBUTE, (_, open: string, value: string, close: string) =>
      `${open}${pageUrl !== undefined && value.startsWith("#") ? `${pageUrl}${value}` : absoluteAddress(value, baseUrl)}${close}`,
    )
    .replace(SRCSET_ATTRIBUTE, (_, open: string, value: string, close: string) => {
      const candidates = value.split(",").map((candidate) => {
        const [address = "", ...descriptor] = candidate.trim().split(/\s+/);
        return [absoluteAddress(address, baseUrl), ...descriptor].join(" ");
      });
      return `${open}${candidates.join(", ")}${close}`;
    });
}

/**
 * The post's first image as an absolute address with its alt text, or null when it has none.
 *
 * @example firstImage('<p>Hi</p><img src="/media/pier.png" alt="The pier">', "https://b.example") // { url: "https://b.example/media/pier.png", alt: "The pier" }
 */
export function firstImage(html: string, baseUrl: string): { url: string; alt: string } | null {
  const tag = FIRST_IMAGE.exec(html)?.[0];
  if (!tag) return null;
  const src = /\ssrc="([^"]*)"/.exec(tag)?.[1];
  if (!src) return null;
  const url = absoluteAddress(decodeAttribute(src), baseUrl);
  if (!/^https?:\/\//i.test(url)) return null;
  return { url, alt: decodeAttribute(/\salt="([^"]*)"/.exec(tag)?.[1] ?? "") };
}

/** An address resolved against the blog's; fragments ("#c3") and absolute addresses stay as they are. */
function absoluteAddress(address: string, baseUrl: string): string {
  if (address === "" || address.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(address)) return address;
  // The blog's own addresses are root-relative ("/2010/11/…"): BASE_URL goes in front, as on every absolute link.
  if (address.startsWith("/") && !address.startsWith("//")) return `${baseUrl}${address}`;
  try {
    return new URL(address, `${baseUrl}/`).toString();
  } catch {
    return address;
  }
}

function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|lt|gt|apos);/gi, (_, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: "&", quot: '"', lt: "<", gt: ">", apos: "'" }[lower] ?? "";
  });
}
