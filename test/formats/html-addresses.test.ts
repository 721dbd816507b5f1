import { describe, expect, it } from "vitest";
import { absoluteLinks, firstImage } from "../../src/formats/html-addresses.js";

const BASE = "https://blog.example.com";

describe("links in a feed's HTML", () => {
  it("makes the blog's own addresses absolute and leaves others alone", () => {
    const html = `<p><a href="/2010/11/x.html">x</a> <a href="https://other.example/a?b=1&amp;c=2">o</a> <a href="mailto:k@example.com">m</a></p><img src="/media/pier.png?w=1&amp;h=2" alt="Pier"><picture><source srcset="/media/pier.webp 1x, /media/pier@2.webp 2x"></picture>`;
    expect(absoluteLinks(html, BASE)).toBe(
      `<p><a href="${BASE}/2010/11/x.html">x</a> <a href="https://other.example/a?b=1&amp;c=2">o</a> <a href="mailto:k@example.com">m</a></p><img src="${BASE}/media/pier.png?w=1&amp;h=2" alt="Pier"><picture><source srcset="${BASE}/media/pier.webp 1x, ${BASE}/media/pier@2.webp 2x"></picture>`,
    );
  });

  it("points a comment's reference to another comment at the post", () => {
    expect(absoluteLinks(`<a href="#c2">@2</a>`, BASE, `${BASE}/2010/11/x.html`)).toBe(`<a href="${BASE}/2010/11/x.html#c2">@2</a>`);
  });
});

describe("a post's first image", () => {
  it("is the first img, absolute, with its alt text decoded", () => {
    expect(firstImage(`<p>Hi</p><figure><img src="/media/pier.png" alt="The &quot;old&quot; pier &amp; boat"></figure><img src="/media/two.png">`, BASE)).toEqual({
      url: `${BASE}/media/pier.png`,
      alt: `The "old" pier & boat`,
    });
  });

  it("is none when the post has no image", () => {
    expect(firstImage("<p>No photo, I'm afraid.</p>", BASE)).toBeNull();
  });
});
