import { describe, expect, it } from "vitest";
import { createThemeRenderer, DEFAULT_THEMES_DIR } from "../../src/themes/theme-renderer.js";
import { dayView, listingPageModel, postView, siteView } from "../factories/view-models.js";
import { positionOf, textsOf, visibleText } from "./rendered-html.js";

const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });

describe("a listing in the classic theme", () => {
  it("groups posts under date headers, newest day first, as the model orders them", async () => {
    const html = await theme.listing(
      listingPageModel({
        days: [
          dayView("Sunday, November 28, 2010", "2010-11-28", [
            postView({ title: "Workers head home" }),
            postView({ title: "An earlier post the same day" }),
          ]),
          dayView("Friday, November 26, 2010", "2010-11-26", [postView({ title: "Shelling on the island" })]),
        ],
      }),
    );

    expect(textsOf(html, "h2", /<h2 class="date-header">/)).toEqual([
      "Sunday, November 28, 2010",
      "Friday, November 26, 2010",
    ]);
    expect(textsOf(html, "h3", /<h3 class="post-title p-name">/)).toEqual([
      "Workers head home",
      "An earlier post the same day",
      "Shelling on the island",
    ]);
    expect(positionOf(html, "An earlier post the same day")).toBeLessThan(positionOf(html, "Friday, November 26, 2010"));
  });

  it("marks each post up as an h-entry a reader can follow to its own page", async () => {
    const post = postView({
      url: "/2010/11/workers-head-home.html",
      author: { name: "Kevin", url: "/profile/kevin" },
      commentCount: 3,
    });
    const html = await theme.listing(listingPageModel({ days: [dayView("Sunday, November 28, 2010", "2010-11-28", [post])] }));

    expect(html).toContain('<article class="post h-entry"');
    expect(html).toContain('<h3 class="post-title p-name"><a class="u-url" href="/2010/11/workers-head-home.html">');
    expect(html).toContain('<div class="post-body e-content">');
    expect(html).toContain('<a class="p-author h-card" href="/profile/kevin">Kevin</a>');
    expect(html).toContain(
      '<a class="u-url" href="/2010/11/workers-head-home.html"><time class="dt-published" datetime="2010-11-28T22:42:00+09:00">10:42 PM</time></a>',
    );
    expect(visibleText(html)).toContain("Posted by Kevin at 10:42 PM");
    expect(html).toContain('<a class="p-category" rel="tag" href="/search/label/Korea">Korea</a>');
    expect(visibleText(html)).toContain("Labels: Korea, Russia");
    expect(html).toContain('<a href="/2010/11/workers-head-home.html#comments">3 comments</a>');
  });

  it("counts comments the way a person would say it", async () => {
    const html = await theme.listing(
      listingPageModel({
        days: [
          dayView("Sunday, November 28, 2010", "2010-11-28", [
            postView({ commentCount: 0 }),
            postView({ commentCount: 1 }),
          ]),
        ],
      }),
    );

    expect(textsOf(html, "span", /<span class="post-comment-link">/)).toEqual(["No comments", "1 comment"]);
  });

  it("shows an author without a profile as plain text, and the updated line when a post was edited later", async () => {
    const html = await theme.listing(
      listingPageModel({
        days: [
          dayView("Sunday, November 28, 2010", "2010-11-28", [
            postView({
              author: { name: "Kevin", url: null },
              updatedIso: "2010-11-29T09:05:00+09:00",
              updatedLabel: "Updated Monday, November 29, 2010 9:05 AM",
            }),
          ]),
        ],
      }),
    );

    expect(html).toContain('<span class="p-author h-card">Kevin</span>');
    expect(html).toContain(
      '<time class="dt-updated" datetime="2010-11-29T09:05:00+09:00">Updated Monday, November 29, 2010 9:05 AM</time>',
    );
  });

  it("prints the post's sanitised HTML as HTML but escapes a title that looks like markup", async () => {
    const html = await theme.listing(
      listingPageModel({
        days: [
          dayView("Sunday, November 28, 2010", "2010-11-28", [
            postView({
              title: "<script>alert(1)</script>",
              html: '<figure><img src="/media/workers.jpg" alt="Workers"><figcaption>In warmer times.</figcaption></figure>',
            }),
          ]),
        ],
      }),
    );

    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(textsOf(html, "h3", /<h3 class="post-title p-name">/)).toEqual(["<script>alert(1)</script>"]);
    expect(html).toContain('<figure><img src="/media/workers.jpg" alt="Workers"><figcaption>In warmer times.</figcaption></figure>');
  });

  it("makes the blog title the page's only h1 on the front page", async () => {
    const html = await theme.listing(listingPageModel());

    expect(html).toContain('<h1 class="site-title"><a href="/" rel="home">Notes from the Peninsula</a></h1>');
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toContain("<title>Notes from the Peninsula</title>");
  });

  it("gives an archive or label page its heading as the h1, in the title too", async () => {
    const html = await theme.listing(
      listingPageModel({ site: siteView({ currentPath: "/search/label/Korea" }), heading: "Posts labelled Korea" }),
    );

    expect(textsOf(html, "h1", /<h1 class="listing-heading">/)).toEqual(["Posts labelled Korea"]);
    expect(html).toContain('<p class="site-title">');
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toContain("<title>Posts labelled Korea — Notes from the Peninsula</title>");
  });

  it("asks search engines to skip the page only when the model says so", async () => {
    const robots = '<meta name="robots" content="noindex, follow">';

    expect(await theme.listing(listingPageModel({ noindex: true }))).toContain(robots);
    expect(await theme.listing(listingPageModel())).not.toContain(robots);
  });

  it("links to newer and older pages with rel prev and next, and home from a later page", async () => {
    const html = await theme.listing(
      listingPageModel({
        site: siteView({ currentPath: "/search" }),
        pagination: { newerUrl: "/search?updated-max=b", olderUrl: "/search?updated-max=a" },
      }),
    );

    expect(html).toContain('<nav class="pagination" aria-label="Pages">');
    expect(html).toContain('<a href="/search?updated-max=b" rel="prev">Newer posts</a>');
    expect(html).toContain('<a href="/search?updated-max=a" rel="next">Older posts</a>');
    expect(textsOf(html, "nav", /<nav class="pagination" aria-label="Pages">/)).toEqual(["Newer posts Home Older posts"]);
  });

  it("leaves pagination out on a front page with nothing older", async () => {
    const html = await theme.listing(listingPageModel({ pagination: { newerUrl: null, olderUrl: null } }));

    expect(html).not.toContain('class="pagination"');
  });

  it("says so kindly when there are no posts yet", async () => {
    const html = await theme.listing(listingPageModel({ days: [] }));

    expect(visibleText(html)).toContain("No posts yet.");
    expect(html).not.toContain('class="date-header"');
  });

  it("shows the archive by year and month, the labels with counts, and the static pages", async () => {
    const html = await theme.listing(listingPageModel());
    const sidebar = html.slice(positionOf(html, "<aside"), positionOf(html, "</aside>"));

    expect(visibleText(sidebar)).toContain("Blog Archive 2010 (4) All of 2010 November (3) October (1) 2009 (1)");
    expect(sidebar).toContain('<a href="/2010/11/">November</a>');
    expect(visibleText(sidebar)).toContain("Labels Korea (4) Russia (1)");
    expect(html).toContain('<a href="/p/about.html">About</a>');
  });

  it("offers the dashboard only to the signed-in author", async () => {
    const signedIn = await theme.listing(listingPageModel({ site: siteView({ signedIn: true }) }));
    const reader = await theme.listing(listingPageModel());

    expect(signedIn).toContain('<a href="/admin/">Dashboard</a>');
    expect(reader).not.toContain("Dashboard");
  });
});
