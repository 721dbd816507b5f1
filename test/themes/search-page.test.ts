import { describe, expect, it } from "vitest";
import { createThemeRenderer, DEFAULT_THEMES_DIR } from "../../src/themes/theme-renderer.js";
import { listingPageModel, postView, searchPageModel, searchResultView, siteView, staticPageView } from "../factories/view-models.js";
import { textsOf, visibleText } from "./rendered-html.js";

const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });

describe("the search page in the classic theme", () => {
  it("says how many posts match, then lists each with its link, date and marked snippet", async () => {
    const html = await theme.search(
      searchPageModel({
        query: "workers",
        total: 2,
        results: [
          searchResultView({ post: postView({ title: "Workers head home", url: "/2010/11/workers-head-home.html" }), snippet: "Thousands of <mark>workers</mark> are leaving." }),
          searchResultView({ post: staticPageView({ title: "About", url: "/p/about.html", publishedDate: "Friday, October 1, 2010" }), snippet: "" }),
        ],
      }),
    );

    expect(textsOf(html, "h1", /<h1 class="listing-heading">/)).toEqual(["2 results for “workers”"]);
    expect(html).toContain('<h2 class="search-result-title"><a href="/2010/11/workers-head-home.html">Workers head home</a></h2>');
    expect(html).toContain('<time datetime="2010-11-28T22:42:00+09:00">Sunday, November 28, 2010</time>');
    expect(html).toContain('<p class="search-result-snippet">Thousands of <mark>workers</mark> are leaving.</p>');
    expect(textsOf(html, "h2", /<h2 class="search-result-title">/)).toEqual(["Workers head home", "About"]);
    // A result without text shows no empty snippet.
    expect(html.match(/class="search-result-snippet"/g)).toHaveLength(1);
    expect(html).toContain("<title>Search results for “workers” — Notes from the Peninsula</title>");
  });

  it("says “1 result” for one, and that nothing matches for none", async () => {
    const one = await theme.search(searchPageModel({ total: 1, results: [searchResultView()] }));
    expect(textsOf(one, "h1", /<h1 class="listing-heading">/)).toEqual(["1 result for “workers”"]);

    const none = await theme.search(searchPageModel({ query: "walrus", total: 0, results: [] }));
    expect(textsOf(none, "h1", /<h1 class="listing-heading">/)).toEqual(["No posts match “walrus”."]);
    expect(none).not.toContain('class="search-results"');
  });

  it("offers the empty form before a search", async () => {
    const html = await theme.search(searchPageModel({ query: "", total: 0, results: [] }));

    expect(textsOf(html, "h1", /<h1 class="listing-heading">/)).toEqual(["Search"]);
    expect(html).toContain('<input id="search-page-query" type="search" name="q" value="" maxlength="200">');
    expect(html).toContain("<title>Search — Notes from the Peninsula</title>");
    expect(visibleText(html)).not.toContain("No posts match");
  });

  it("escapes the search wherever it is shown, and prints the snippet's marks", async () => {
    const query = `"><script>alert(1)</script>&`;
    const html = await theme.search(searchPageModel({ query, total: 0, results: [] }));

    expect(html).not.toContain("<script>alert");
    expect(html).toContain('value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;"');
    expect(visibleText(html)).toContain(`No posts match “${query}”.`);
  });

  it("links the pages of results, and asks search engines not to index the page", async () => {
    const html = await theme.search(searchPageModel({ pagination: { previousUrl: "/search?q=workers", nextUrl: "/search?q=workers&page=3" } }));

    expect(html).toContain('<a href="/search?q=workers" rel="prev">Previous results</a>');
    expect(html).toContain('<a href="/search?q=workers&amp;page=3" rel="next">More results</a>');
    expect(html).toContain('<meta name="robots" content="noindex, follow">');
  });

  it("keeps the sidebar's search box off the search page, where the form sits above the results", async () => {
    const search = await theme.search(searchPageModel());
    expect(search.match(/<form class="search-form"/g)).toHaveLength(1);
    expect(search.indexOf('<form class="search-form"')).toBeLessThan(search.indexOf('<aside class="sidebar"'));

    const listing = await theme.listing(listingPageModel({ site: siteView({ currentPath: "/" }) }));
    const sidebar = listing.slice(listing.indexOf('<aside class="sidebar"'));
    expect(sidebar).toContain('<form class="search-form" action="/search" method="get" role="search">');
    expect(sidebar).toContain('<label for="sidebar-search-query" class="visually-hidden">Search this blog</label>');
    expect(sidebar).toContain('<input id="sidebar-search-query" type="search" name="q" value="" maxlength="200">');
  });
});
