import { describe, expect, it } from "vitest";
import { renderPostMarkdown, sanitizePostHtml } from "../../../src/content/index.js";
import { findImageReferences, replaceAddressText, replaceImageAddresses } from "../../../src/services/media/image-references.js";

// Which pictures of an imported post live on its old host, and pointing the post at copies.

const OWN = "blog.example";

describe("finding the images a post shows from other sites", () => {
  it("finds absolute image addresses on other hosts, once each, and leaves local ones", () => {
    const html = sanitizePostHtml(`
      <p><img src="https://photos.example/a.png" alt="A"> <img src="/media/harbour-at-dusk.png" alt="local">
      <img src="https://blog.example/media/b.png"> <img src="http://old.example/c.gif"> <img src="https://photos.example/a.png"></p>`);
    expect(findImageReferences(html, OWN)).toEqual([
      { written: "https://photos.example/a.png", url: "https://photos.example/a.png" },
      { written: "http://old.example/c.gif", url: "http://old.example/c.gif" },
    ]);
  });

  it("finds Blogger's link to the larger copy around a picture, but not links to pages", () => {
    const html = sanitizePostHtml(`
      <div class="separator"><a href="https://blogger.googleusercontent.com/img/b/R29v/s1600/pier.JPG" imageanchor="1"><img border="0" src="https://blogger.googleusercontent.com/img/b/R29v/s320/pier.JPG" /></a></div>
      <a href="https://news.example/story"><img src="https://news.example/thumb.webp"></a>
      <a href="https://photos.example/only-a-link.jpg">a link to a picture, with no picture in it</a>`);
    expect(findImageReferences(html, OWN).map((r) => r.written)).toEqual([
      "https://blogger.googleusercontent.com/img/b/R29v/s320/pier.JPG",
      "https://blogger.googleusercontent.com/img/b/R29v/s1600/pier.JPG",
      "https://news.example/thumb.webp",
    ]);
  });

  it("reads addresses as the browser does: entities decoded, protocol-relative over https", () => {
    const html = sanitizePostHtml(`<img src="https://photos.example/a.png?w=1&amp;h=2"><img src="//cdn.example/b.png">`);
    expect(findImageReferences(html, OWN)).toEqual([
      { written: "https://photos.example/a.png?w=1&h=2", url: "https://photos.example/a.png?w=1&h=2" },
      { written: "//cdn.example/b.png", url: "https://cdn.example/b.png" },
    ]);
  });
});

describe("pointing a post at the copies", () => {
  it("replaces the addresses of images and of links to them, and nothing else", () => {
    const html = sanitizePostHtml(
      `<p>Look <a href="https://bp.example/s1600/a.jpg"><img src="https://bp.example/s320/a.jpg" alt="The pier &amp; boats" /></a> and <img src="https://x.example/kept.png?a=1&amp;b=2" alt="" /></p><p>https://bp.example/s320/a.jpg as text stays.</p>`,
    );
    const replaced = replaceImageAddresses(
      html,
      new Map([
        ["https://bp.example/s1600/a.jpg", "/media/1111111111111111.jpg"],
        ["https://bp.example/s320/a.jpg", "/media/2222222222222222.jpg"],
      ]),
    );
    expect(replaced).toBe(
      html.replace('href="https://bp.example/s1600/a.jpg"', 'href="/media/1111111111111111.jpg"').replace('src="https://bp.example/s320/a.jpg"', 'src="/media/2222222222222222.jpg"'),
    );
    expect(replaced).toContain("https://x.example/kept.png?a=1&amp;b=2");
    expect(replaced).toContain("<p>https://bp.example/s320/a.jpg as text stays.</p>");
    expect(sanitizePostHtml(replaced)).toBe(replaced);
  });

  it("replaces an address with entities in it", () => {
    const html = sanitizePostHtml(`<img src="https://x.example/a.png?w=1&amp;h=2" alt="">`);
    expect(replaceImageAddresses(html, new Map([["https://x.example/a.png?w=1&h=2", "/media/3333333333333333.png"]]))).toBe(
      '<img src="/media/3333333333333333.png" alt="" />',
    );
  });

  it("replaces an address in Markdown where it stands whole, in any of the ways it may be written", () => {
    const markdown = [
      "![Pier](https://x.example/pier.png)",
      "![Bigger](https://x.example/pier.png?size=large)",
      "[see it](https://x.example/pier.png) and <img src=\"https://x.example/a.png?w=1&amp;h=2\">",
      "![Ü](<https://x.example/ü x.png>)",
    ].join("\n\n");
    let source = replaceAddressText(markdown, "https://x.example/pier.png", "/media/aaaaaaaaaaaaaaaa.png");
    source = replaceAddressText(source, "https://x.example/a.png?w=1&h=2", "/media/bbbbbbbbbbbbbbbb.png");
    // The rendered HTML percent-encodes this address; the Markdown has it as the author wrote it.
    const encoded = findImageReferences(renderPostMarkdown("![Ü](<https://x.example/ü x.png>)"), OWN)[0]!.written;
    source = replaceAddressText(source, encoded, "/media/cccccccccccccccc.png");

    expect(source).toBe(
      [
        "![Pier](/media/aaaaaaaaaaaaaaaa.png)",
        "![Bigger](https://x.example/pier.png?size=large)",
        '[see it](/media/aaaaaaaaaaaaaaaa.png) and <img src="/media/bbbbbbbbbbbbbbbb.png">',
        "![Ü](</media/cccccccccccccccc.png>)",
      ].join("\n\n"),
    );
  });
});
