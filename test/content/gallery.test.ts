import { describe, expect, it } from "vitest";
import { excerptFromHtml, plainTextFromHtml, renderCommentMarkdown, renderPostMarkdown, responsiveImages, sanitizePostHtml, withoutGalleryViewers } from "../../src/content/index.js";
import type { MediaItem } from "../../src/domain/media.js";
import { shapeOf } from "./html-shape.js";

// An author puts several photos side by side in one paragraph; readers see a grid of
// thumbnails, and each opens large with its caption and Previous, Next and Close links,
// all without a script.

/** The post, rendered, reduced to its shape, with each gallery's hash written as H1, H2, … in order. */
function render(markdown: string): string {
  const html = shapeOf(renderPostMarkdown(markdown));
  const hashes = [...new Set([...html.matchAll(/gallery-([0-9a-f]{8})"/g)].map((m) => m[1]!))];
  return hashes.reduce((out, hash, index) => out.replaceAll(hash, `H${index + 1}`), html);
}

/** Every id on the page the HTML makes. */
function ids(html: string): string[] {
  return [...html.matchAll(/\bid="([^"]*)"/g)].map((m) => m[1]!);
}

describe("a gallery", () => {
  it("is made of two captioned photos in one paragraph: a grid of links, and a viewer for each photo", () => {
    expect(render('![The pier](/media/pier.jpg "The pier at *dawn*") ![Gulls](/media/gulls.jpg "Gulls")')).toBe(
      '<figure class="gallery" id="gallery-H1"><ul class="gallery-grid">' +
        '<li><figure class="gallery-item"><a class="gallery-open" href="#photo-H1-1"><img src="/media/pier.jpg" alt="The pier" loading="lazy"></a><figcaption>The pier at <em>dawn</em></figcaption></figure></li>' +
        '<li><figure class="gallery-item"><a class="gallery-open" href="#photo-H1-2"><img src="/media/gulls.jpg" alt="Gulls" loading="lazy"></a><figcaption>Gulls</figcaption></figure></li>' +
        "</ul>" +
        '<figure class="gallery-viewer" id="photo-H1-1"><img src="/media/pier.jpg" alt="The pier" loading="lazy"><figcaption>The pier at <em>dawn</em>' +
        '<div class="gallery-controls"><a class="gallery-next" href="#photo-H1-2">Next</a> <a class="gallery-close" href="#gallery-H1">Close</a></div></figcaption></figure>' +
        '<figure class="gallery-viewer" id="photo-H1-2"><img src="/media/gulls.jpg" alt="Gulls" loading="lazy"><figcaption>Gulls' +
        '<div class="gallery-controls"><a class="gallery-previous" href="#photo-H1-1">Previous</a> <a class="gallery-close" href="#gallery-H1">Close</a></div></figcaption></figure>' +
        "</figure>",
    );
  });

  it("is made of three photos without captions, one a line, and names a photo the author gave no alt text", () => {
    expect(render("![Pier](/media/pier.jpg)\n![Gulls](/media/gulls.jpg)\n![](/media/nets.jpg)")).toBe(
      '<figure class="gallery" id="gallery-H1"><ul class="gallery-grid">' +
        '<li><figure class="gallery-item"><a class="gallery-open" href="#photo-H1-1"><img src="/media/pier.jpg" alt="Pier" loading="lazy"></a></figure></li>' +
        '<li><figure class="gallery-item"><a class="gallery-open" href="#photo-H1-2"><img src="/media/gulls.jpg" alt="Gulls" loading="lazy"></a></figure></li>' +
        '<li><figure class="gallery-item"><a class="gallery-open" href="#photo-H1-3"><img src="/media/nets.jpg" alt="Photo 3 of 3" loading="lazy"></a></figure></li>' +
        "</ul>" +
        '<figure class="gallery-viewer" id="photo-H1-1"><img src="/media/pier.jpg" alt="Pier" loading="lazy"><figcaption>' +
        '<div class="gallery-controls"><a class="gallery-next" href="#photo-H1-2">Next</a> <a class="gallery-close" href="#gallery-H1">Close</a></div></figcaption></figure>' +
        '<figure class="gallery-viewer" id="photo-H1-2"><img src="/media/gulls.jpg" alt="Gulls" loading="lazy"><figcaption>' +
        '<div class="gallery-controls"><a class="gallery-previous" href="#photo-H1-1">Previous</a> <a class="gallery-next" href="#photo-H1-3">Next</a> <a class="gallery-close" href="#gallery-H1">Close</a></div></figcaption></figure>' +
        '<figure class="gallery-viewer" id="photo-H1-3"><img src="/media/nets.jpg" alt="" loading="lazy"><figcaption>' +
        '<div class="gallery-controls"><a class="gallery-previous" href="#photo-H1-2">Previous</a> <a class="gallery-close" href="#gallery-H1">Close</a></div></figcaption></figure>' +
        "</figure>",
    );
  });

  it("mixes captioned and uncaptioned photos, and the same three photos make the same grid whether written on one line or three", () => {
    const oneLine = render('![A](/media/a.jpg "First") ![B](/media/b.jpg) ![C](/media/c.jpg "Third")');
    expect(oneLine.match(/<li>/g)).toHaveLength(3);
    expect(oneLine.match(/<figcaption>(First|Third)/g)).toEqual(["<figcaption>First", "<figcaption>Third", "<figcaption>First", "<figcaption>Third"]);
    expect(oneLine).toContain('<a class="gallery-previous" href="#photo-H1-1">Previous</a> <a class="gallery-next" href="#photo-H1-3">Next</a>');
  });

  it("can be written as a fenced gallery block, one image a line, even of a single photo", () => {
    const fenced = render('```gallery\n![Pier](/media/pier.jpg "The pier")\n![Gulls](/media/gulls.jpg)\n```');
    expect(fenced).toBe(render('![Pier](/media/pier.jpg "The pier")\n![Gulls](/media/gulls.jpg)'));
    const single = render("```gallery\n![Pier](/media/pier.jpg)\n```");
    expect(single).toContain('<a class="gallery-open" href="#photo-H1-1"><img src="/media/pier.jpg" alt="Pier" loading="lazy"></a>');
    expect(single).toContain('<div class="gallery-controls"><a class="gallery-close" href="#gallery-H1">Close</a></div>');
  });

  it("leaves a fenced gallery block holding anything but images as the code it looks like", () => {
    expect(render("```gallery\n![Pier](/media/pier.jpg) and words\n```")).toBe(
      '<pre><code class="language-gallery">![Pier](/media/pier.jpg) and words\n</code></pre>',
    );
  });

  it("is not made of a lone photo, which stays a captioned figure", () => {
    expect(render('![Pier](/media/pier.jpg "The pier")')).toBe(
      '<figure><img src="/media/pier.jpg" alt="Pier" loading="lazy"><figcaption>The pier</figcaption></figure>',
    );
  });

  it("is not made of photos with words between them, which stay a paragraph", () => {
    expect(render("![Pier](/media/pier.jpg) and then ![Gulls](/media/gulls.jpg)")).toBe(
      '<p><img src="/media/pier.jpg" alt="Pier" loading="lazy"> and then <img src="/media/gulls.jpg" alt="Gulls" loading="lazy"></p>',
    );
    expect(render("[![Pier](/media/pier.jpg)](https://example.org/) ![Gulls](/media/gulls.jpg)")).not.toContain("gallery");
  });

  it("gets ids of its own: two galleries in a post, or in two posts on one listing, never share one", () => {
    const onePost = renderPostMarkdown("![A](/media/a.jpg) ![B](/media/b.jpg)\n\nBetween.\n\n![A](/media/a.jpg) ![B](/media/b.jpg)");
    const otherPost = renderPostMarkdown('![A](/media/a.jpg "Another day") ![B](/media/b.jpg)');
    const all = ids(onePost + otherPost);
    expect(all).toHaveLength(9);
    expect(new Set(all).size).toBe(9);
    for (const id of all) expect(id).toMatch(/^(gallery-[0-9a-f]{8}|photo-[0-9a-f]{8}-[1-3])$/);
    // Rendering again gives the same ids, so a link to an open photo keeps working after an edit elsewhere.
    expect(ids(renderPostMarkdown('![A](/media/a.jpg "Another day") ![B](/media/b.jpg)'))).toEqual(ids(otherPost));
  });

  it("keeps its thumbnails and viewers when the blog's own photos become responsive pictures", () => {
    const item = (file: string): MediaItem => ({
      id: 1, blogId: 1, file, format: "jpeg", bytes: 1000, width: 1600, height: 1200, originalName: file, alt: "", caption: "",
      status: "ready", error: null, createdAt: new Date("2025-01-09T13:00:00Z"),
      variants: [480, 960].map((width) => ({ width, height: (width * 3) / 4, format: "webp" as const, file: `${file.slice(0, -4)}-${width}.webp`, bytes: width })),
    });
    const html = responsiveImages(renderPostMarkdown("![Pier](/media/pier.jpg) ![Gulls](/media/gulls.jpg)"), item, { firstOnScreen: true });
    expect(html.match(/<a class="gallery-open" href="#photo-[0-9a-f]{8}-\d"><picture><source type="image\/webp"/g)).toHaveLength(2);
    expect(html.match(/<figure class="gallery-viewer" id="photo-[0-9a-f]{8}-\d"><picture>/g)).toHaveLength(2);
    // Only the first thumbnail loads at once; the large photos wait until they are opened.
    expect(html.match(/fetchpriority="high"/g)).toHaveLength(1);
    expect(html.match(/<figure class="gallery-viewer"[^>]*><picture>(?:<source[^>]*>)*<img [^>]*loading="lazy"/g)).toHaveLength(2);
  });

  it("does not put its Previous, Next and Close links into the post's excerpt", () => {
    const html = renderPostMarkdown('Photos from the pier.\n\n![Pier](/media/pier.jpg "The pier") ![Gulls](/media/gulls.jpg)\n\nA good day.');
    expect(excerptFromHtml(html)).toBe("Photos from the pier. A good day.");
  });
});

describe("a gallery written to harm", () => {
  it("drops a javascript: image, which then leaves no gallery and no live link", () => {
    const html = renderPostMarkdown('![A" onerror="x](javascript:alert(1) "t") ![B](/media/b.jpg)');
    expect(html).not.toContain("gallery");
    expect(html).not.toMatch(/<[^>]+\sonerror=/);
    expect(html).not.toMatch(/(src|href)="javascript:/);
    expect(html).toContain('<img src="/media/b.jpg" alt="B"');
  });

  it("escapes quotes and markup in alt text and captions, and keeps the rest of the gallery", () => {
    const html = renderPostMarkdown(
      '![C"><script>alert(1)</script>](/media/c.jpg "\\"><script>alert(2)</script><img src=x onerror=alert(3)>") ' +
        '![D](/media/d.jpg "<a href=\\"javascript:alert(4)\\">see</a> [or](javascript:alert(5))")',
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]+\sonerror=/);
    expect(html).not.toMatch(/href="javascript:/);
    expect(html).toContain('alt="C&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain("<figcaption>\"&gt;<img src=\"x\" /><div class=\"gallery-controls\">");
    expect(html).toContain("<figcaption><a>see</a> [or](javascript:alert(5))</figcaption>");
    expect(html.match(/<li>/g)).toHaveLength(2);
  });

  it("cannot give a post other ids or the viewer's classes through raw HTML", () => {
    const html = sanitizePostHtml(
      '<figure id="comment-form" class="gallery-viewer"><img src="/media/a.jpg" alt="A"></figure>' +
        '<p id="photo-0000abcd-1" class="gallery-viewer">text</p>' +
        '<figure id="photo-0000abcd-1&quot; onclick=&quot;x" class="gallery"><div class="gallery-controls evil">x</div></figure>' +
        '<a class="gallery-close" href="javascript:alert(1)">Close</a>',
    );
    expect(html).toBe(
      '<figure class="gallery-viewer"><img src="/media/a.jpg" alt="A" /></figure>' +
        "<p>text</p>" +
        '<figure class="gallery"><div class="gallery-controls">x</div></figure>' +
        '<a class="gallery-close">Close</a>',
    );
  });

  it("is never made in a reader's comment", () => {
    const html = renderCommentMarkdown('![A](/media/a.jpg "x") ![B](/media/b.jpg)\n\n<figure class="gallery" id="gallery-0000abcd">y</figure>');
    // Comments have no images at all, and raw HTML in them is shown as the text it is.
    expect(html).toBe('<p>A B</p>\n<p>&lt;figure class="gallery" id="gallery-0000abcd"&gt;y&lt;/figure&gt;</p>\n');
  });
});

describe("a gallery outside the page: search, excerpts and feeds", () => {
  const html = renderPostMarkdown(`Boats.\n\n![The pier](/media/a.jpg "Dusk on the pier")\n![The quay](/media/b.jpg "Morning")`);

  it("reads each photo and caption once, without the viewer's links", () => {
    expect(plainTextFromHtml(html)).toBe("Boats. Dusk on the pier Morning");
    expect(withoutGalleryViewers(html)).not.toContain("gallery-viewer");
    expect(withoutGalleryViewers(html).match(/<img /g)).toHaveLength(2);
    expect(withoutGalleryViewers("<p>No gallery</p>")).toBe("<p>No gallery</p>");
  });
});
