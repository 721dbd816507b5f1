import { describe, expect, it } from "vitest";
import { createThemeRenderer, DEFAULT_THEMES_DIR } from "../../src/themes/theme-renderer.js";
import { notFoundPageModel, siteView, staticPageModel, staticPageView } from "../factories/view-models.js";
import { textsOf, visibleText } from "./rendered-html.js";

const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });

describe("a static page in the classic theme", () => {
  it("shows the page's title and text without a date header, labels or comments", async () => {
    const html = await theme.page(
      staticPageModel({
        post: staticPageView({
          title: "About",
          html: "<p>I teach <strong>English</strong>.</p>",
          labels: [{ name: "Korea", url: "/search/label/Korea" }],
        }),
      }),
    );

    expect(html).toContain('<h1 class="post-title p-name">About</h1>');
    expect(html).toContain("<p>I teach <strong>English</strong>.</p>");
    expect(html).toContain("<title>About — Notes from the Peninsula</title>");
    expect(html).not.toContain("date-header");
    expect(html).not.toContain("p-category");
    expect(html).not.toContain('id="comments"');
    // No form but the sidebar's search box.
    expect(html).not.toMatch(/<form(?! class="search-form")/);
  });

  it("marks the page as current in the navigation", async () => {
    const html = await theme.page(staticPageModel());

    expect(html).toContain('<a href="/p/about.html" aria-current="page">About</a>');
    expect(html).not.toContain('<a href="/" aria-current="page">');
  });
});

describe("the page-not-found page in the classic theme", () => {
  it("says the page was not found and offers the way home, inside the usual frame", async () => {
    const html = await theme.notFound(notFoundPageModel({ site: siteView({ title: "Notes & Asides" }) }));

    expect(textsOf(html, "h1", /<h1>/)).toEqual(["Page not found"]);
    expect(html).toContain("<title>Page not found — Notes &amp; Asides</title>");
    expect(visibleText(html)).toContain("Sorry, there is nothing at this address.");
    expect(html).toContain('<a href="/">Go to the front page of Notes &amp; Asides</a>');
    expect(html).toContain('<aside class="sidebar"');
    expect(visibleText(html)).toContain("Blog Archive");
  });
});
