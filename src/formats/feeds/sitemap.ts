import { isoSeconds, textElement } from "./xml-text.js";

/** The media type of sitemaps. */
export const SITEMAP_MEDIA_TYPE = "application/xml; charset=utf-8";

/** The most addresses one sitemap file may list (sitemaps.org protocol). */
export const SITEMAP_MAX_URLS = 50_000;

/** One address in a sitemap: absolute, with the time its page last changed when known. */
export interface SitemapUrl {
  url: string;
  lastModified: Date | null;
}

/**
 * A sitemap (https://www.sitemaps.org/protocol.html, schema 0.9) of the given addresses,
 * cut at the protocol's 50,000. `lastmod` is W3C Datetime in UTC.
 *
 * @example sitemap([{ url: "https://blog.example.com/", lastModified: null }])
 * // '<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n<url><loc>https://blog.example.com/</loc></url>\n</urlset>\n'
 */
export function sitemap(urls: readonly SitemapUrl[]): string {
  const entries = urls
    .slice(0, SITEMAP_MAX_URLS)
    .map((u) => `<url>${textElement("loc", u.url)}${u.lastModified ? textElement("lastmod", isoSeconds(u.lastModified)) : ""}</url>`);
  return [`<?xml version="1.0" encoding="utf-8"?>`, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`, ...entries, `</urlset>`, ""].join("\n");
}

/**
 * robots.txt from the author's rules, with the sitemap's address added unless the rules
 * already name a sitemap, so moving the blog to a new address needs no edit.
 *
 * @example robotsTxt("User-agent: *\nAllow: /", "https://blog.example.com/sitemap.xml")
 * // "User-agent: *\nAllow: /\n\nSitemap: https://blog.example.com/sitemap.xml\n"
 */
export function robotsTxt(rules: string, sitemapUrl: string): string {
  const text = rules.replace(/\r\n?/g, "\n").trim();
  if (/^\s*sitemap\s*:/im.test(text)) return `${text}\n`;
  return `${text ? `${text}\n\n` : ""}Sitemap: ${sitemapUrl}\n`;
}
