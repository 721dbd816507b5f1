import { describe, expect, it } from "vitest";
import { robotsTxt, sitemap } from "../../../src/formats/feeds/sitemap.js";
import { sitemapProblems } from "../../support/schemas/feed-validity.js";

describe("the sitemap writer", () => {
  it("lists absolute addresses with their last change, valid per sitemaps.org 0.9", async () => {
    const xml = sitemap([
      { url: "https://blog.example.com/", lastModified: null },
      { url: "https://blog.example.com/2010/11/tides-&-ferries.html", lastModified: new Date("2010-11-28T13:42:00.500Z") },
    ]);

    expect(await sitemapProblems(xml)).toEqual([]);
    expect(xml).toContain("<url><loc>https://blog.example.com/</loc></url>");
    expect(xml).toContain("<url><loc>https://blog.example.com/2010/11/tides-&amp;-ferries.html</loc><lastmod>2010-11-28T13:42:00Z</lastmod></url>");
  });

  it("is judged invalid by the tests' grammar with a relative address", async () => {
    expect(await sitemapProblems(sitemap([{ url: "/2010/11/x.html", lastModified: null }]))).not.toEqual([]);
  });
});

describe("robots.txt", () => {
  it("adds the sitemap's address to the author's rules", () => {
    expect(robotsTxt("User-agent: *\r\nDisallow: /drafts/\n", "https://blog.example.com/sitemap.xml")).toBe(
      "User-agent: *\nDisallow: /drafts/\n\nSitemap: https://blog.example.com/sitemap.xml\n",
    );
  });

  it("keeps the author's own Sitemap line instead of adding another", () => {
    expect(robotsTxt("User-agent: *\nAllow: /\nsitemap: https://cdn.example.com/map.xml", "https://blog.example.com/sitemap.xml")).toBe(
      "User-agent: *\nAllow: /\nsitemap: https://cdn.example.com/map.xml\n",
    );
  });

  it("names only the sitemap when the rules are empty", () => {
    expect(robotsTxt("  ", "https://blog.example.com/sitemap.xml")).toBe("Sitemap: https://blog.example.com/sitemap.xml\n");
  });
});
