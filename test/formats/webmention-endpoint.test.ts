import { describe, expect, it } from "vitest";
import { discoverWebmentionEndpoint } from "../../src/formats/webmention-endpoint.js";

const SITE = "https://receiver.example";

/** A page of test N, as Longhand's sender sees it after fetching it. */
function page(n: number | string, parts: { headers?: string[]; head?: string; body?: string; url?: string }) {
  const html = parts.head === undefined && parts.body === undefined
    ? null
    : `<!doctype html><html><head><meta charset="utf-8"><title>Test ${n}</title>${parts.head ?? ""}</head><body><article>${parts.body ?? ""}</article></body></html>`;
  return { url: parts.url ?? `${SITE}/test/${n}`, linkHeaders: parts.headers ?? [], html };
}

// The numbered discovery cases every Webmention sender is checked against (webmention.rocks 1–23).
describe("the numbered discovery cases", () => {
  const cases: Array<[string, ReturnType<typeof page>, string]> = [
    ["1: Link header, unquoted rel, relative address", page(1, { headers: ["</test/1/webmention>; rel=webmention"] }), `${SITE}/test/1/webmention`],
    ["2: Link header, unquoted rel, absolute address", page(2, { headers: [`<${SITE}/test/2/webmention>; rel=webmention`] }), `${SITE}/test/2/webmention`],
    ["3: <link>, relative address", page(3, { head: '<link rel="webmention" href="/test/3/webmention">', body: "<p>Hi</p>" }), `${SITE}/test/3/webmention`],
    ["4: <link>, absolute address", page(4, { head: `<link href="${SITE}/test/4/webmention" rel="webmention">` }), `${SITE}/test/4/webmention`],
    ["5: <a>, relative address", page(5, { body: '<p>This post advertises its <a rel="webmention" href="/test/5/webmention">Webmention endpoint</a>.</p>' }), `${SITE}/test/5/webmention`],
    ["6: <a>, absolute address", page(6, { body: `<p>Its <a href="${SITE}/test/6/webmention" rel="webmention">endpoint</a>.</p>` }), `${SITE}/test/6/webmention`],
    ["7: Link header with strange casing", page(7, { headers: [`<${SITE}/test/7/webmention>; REL=WebMention`] }), `${SITE}/test/7/webmention`],
    ["8: Link header, quoted rel", page(8, { headers: [`<${SITE}/test/8/webmention>; rel="webmention"`] }), `${SITE}/test/8/webmention`],
    ["9: several rel values on a <link>", page(9, { head: `<link rel="webmention somethingelse" href="${SITE}/test/9/webmention">` }), `${SITE}/test/9/webmention`],
    ["10: several rel values in a Link header", page(10, { headers: [`<${SITE}/test/10/webmention>; rel="webmention somethingelse"`] }), `${SITE}/test/10/webmention`],
    [
      "11: Link header, <link> and <a>: the header wins",
      page(11, {
        headers: ['</test/11/webmention>; rel="webmention"'],
        head: '<link rel="webmention" href="/test/11/webmention/error">',
        body: '<a href="/test/11/webmention/error" rel="webmention">a</a>',
      }),
      `${SITE}/test/11/webmention`,
    ],
    [
      "12: rel=not-webmention is not webmention",
      page(12, { head: '<link rel="not-webmention" href="/test/12/webmention/error">', body: '<a href="/test/12/webmention" rel="webmention">correct</a>' }),
      `${SITE}/test/12/webmention`,
    ],
    [
      "13: an endpoint inside an HTML comment is no endpoint",
      page(13, { body: '<!-- <a href="/test/13/webmention/error" rel="webmention"></a> --> <a href="/test/13/webmention" rel="webmention">correct</a>' }),
      `${SITE}/test/13/webmention`,
    ],
    [
      "14: an endpoint in escaped HTML is text",
      page(14, { body: '<code>&lt;a href="/test/14/webmention/error" rel="webmention"&gt;&lt;/a&gt;</code> <a href="/test/14/webmention" rel="webmention">correct</a>' }),
      `${SITE}/test/14/webmention`,
    ],
    ["15: an empty href is the page itself", page(15, { head: '<link rel="webmention" href="">' }), `${SITE}/test/15`],
    [
      "16: <a> before <link>: the first in the document wins",
      page(16, { body: '<a href="/test/16/webmention" rel="webmention">a</a> later <link rel="webmention" href="/test/16/webmention/error">' }),
      `${SITE}/test/16/webmention`,
    ],
    [
      "17: <link> before <a>",
      page(17, { body: '<link rel="webmention" href="/test/17/webmention"> later <a href="/test/17/webmention/error" rel="webmention">a</a>' }),
      `${SITE}/test/17/webmention`,
    ],
    [
      "18: several Link headers",
      page(18, { headers: [`<${SITE}/test/18/webmention/error>; rel="other"`, `<${SITE}/test/18/webmention>; rel="webmention"`] }),
      `${SITE}/test/18/webmention`,
    ],
    [
      "19: one Link header with several links",
      page(19, { headers: [`<${SITE}/test/19/webmention/error>; rel="other", <${SITE}/test/19/webmention>; rel="webmention"`] }),
      `${SITE}/test/19/webmention`,
    ],
    [
      "20: a <link> without href is passed over",
      page(20, { body: '<p>A tag <link rel="webmention"> with no href; use <a href="/test/20/webmention" rel="webmention">this</a>.</p>' }),
      `${SITE}/test/20/webmention`,
    ],
    ["21: the endpoint's query string is kept", page(21, { head: '<link rel="webmention" href="/test/21/webmention?query=yes">' }), `${SITE}/test/21/webmention?query=yes`],
    ["22: an address relative to the page's path", page(22, { head: '<link rel="webmention" href="22/webmention">' }), `${SITE}/test/22/webmention`],
    [
      "23: a page reached by a redirect resolves against its final address",
      page(23, { url: `${SITE}/test/23/page/XkP3q`, head: '<link rel="webmention" href="webmention-endpoint/XkP3q">' }),
      `${SITE}/test/23/page/webmention-endpoint/XkP3q`,
    ],
  ];

  it.each(cases)("%s", (_, fetched, endpoint) => {
    expect(discoverWebmentionEndpoint(fetched)).toBe(endpoint);
  });
});

describe("finding the endpoint on pages in the wild", () => {
  it("is null for a page that advertises none, or that is not HTML and has no Link header", () => {
    expect(discoverWebmentionEndpoint(page("none", { head: '<link rel="stylesheet" href="/s.css">', body: '<a href="/about" rel="me">me</a>' }))).toBeNull();
    expect(discoverWebmentionEndpoint(page("pdf", { headers: ['</feed>; rel="alternate"'] }))).toBeNull();
    expect(discoverWebmentionEndpoint(page("empty", { body: "" }))).toBeNull();
  });

  it("reads tag and attribute names in any case, and rels separated by any whitespace", () => {
    expect(discoverWebmentionEndpoint(page("caps", { head: '<LINK REL="Pingback\tWebMention" HREF="/wm">' }))).toBe(`${SITE}/wm`);
    expect(discoverWebmentionEndpoint(page("lines", { body: '<a rel="me\nwebmention" href="/wm2">x</a>' }))).toBe(`${SITE}/wm2`);
  });

  it("honours the page's <base href>, even one written after the link", () => {
    expect(discoverWebmentionEndpoint(page("base", { head: '<link rel="webmention" href="wm"><base href="https://receiver.example/blog/">' }))).toBe(`${SITE}/blog/wm`);
  });

  it("takes an http(s) endpoint on another host, and passes over ones that are not http(s)", () => {
    expect(discoverWebmentionEndpoint(page("elsewhere", { head: '<link rel="webmention" href="https://webmention.example/hook?site=7">' }))).toBe(
      "https://webmention.example/hook?site=7",
    );
    expect(
      discoverWebmentionEndpoint(page("schemes", { headers: ["<mailto:x@receiver.example>; rel=webmention"], body: '<a rel="webmention" href="javascript:alert(1)">x</a><a rel="webmention" href="/real">y</a>' })),
    ).toBe(`${SITE}/real`);
    expect(discoverWebmentionEndpoint(page("only-bad", { body: '<a rel="webmention" href="data:text/html,hi">x</a><link rel="webmention" href="http://[bad">' }))).toBeNull();
  });

  it("reads Link headers with commas and semicolons inside addresses and quoted values, and skips malformed links", () => {
    expect(discoverWebmentionEndpoint(page("comma", { headers: ['<https://receiver.example/wm?a=1,2;b>; rel="webmention"'] }))).toBe(`${SITE}/wm?a=1,2;b`);
    expect(discoverWebmentionEndpoint(page("quoted", { headers: ['</x>; title="a, b; c"; rel="other", </wm>; rel=webmention'] }))).toBe(`${SITE}/wm`);
    expect(discoverWebmentionEndpoint(page("junk", { headers: ['garbage; rel=webmention, </x> junk; rel=webmention, </wm>;rel="webmention"'] }))).toBe(`${SITE}/wm`);
    expect(discoverWebmentionEndpoint(page("first-rel", { headers: ['</x>; rel=other; rel=webmention, </wm>; rel=webmention'] }))).toBe(`${SITE}/wm`);
    expect(discoverWebmentionEndpoint(page("self", { headers: ["<>; rel=webmention"] }))).toBe(`${SITE}/test/self`);
    expect(discoverWebmentionEndpoint(page("unclosed", { headers: ["</wm; rel=webmention"], head: '<link rel="webmention" href="/from-html">' }))).toBe(`${SITE}/from-html`);
  });

  it("does not see links inside scripts, styles or text areas", () => {
    const body = '<script>document.write(\'<a rel="webmention" href="/no">\')</script><textarea><link rel="webmention" href="/no"></textarea><a rel="webmention" href="/yes">y</a>';
    expect(discoverWebmentionEndpoint(page("script", { body }))).toBe(`${SITE}/yes`);
  });

  it("refuses a page address that is not absolute http(s), which only a bug in the sender could give", () => {
    expect(() => discoverWebmentionEndpoint({ url: "/test/1", linkHeaders: [], html: null })).toThrow(TypeError);
    expect(() => discoverWebmentionEndpoint({ url: "ftp://receiver.example/x", linkHeaders: [], html: null })).toThrow(/absolute http\(s\) address/);
  });
});
