import { describe, expect, it } from "vitest";
import { MENTION_TEXT_LIMIT, readMentionSource } from "../../src/formats/mention-source.js";
import type { MentionSource } from "../../src/formats/mention-source.js";
import { findUnsafeMarkup } from "../content/unsafe-markup.js";

const POST = "https://blog.example.com/2010/11/vladivostok.html";
/** The post's address and its other forms, as the receiver passes them. */
const TARGETS = [POST, "http://blog.example.com/2010/11/vladivostok.html", "https://blog.example.com/2010/11/vladivostok.html?m=1"];

function read(html: string, sourceUrl: string): MentionSource {
  return readMentionSource({ html, sourceUrl, targets: TARGETS });
}

/** A whole page around `body`, the way a blog would serve it. */
function pageWith(body: string, head = "<title>A page</title>"): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">${head}</head>\n<body>\n${body}\n</body></html>`;
}

const REPLY = pageWith(`
  <article class="h-entry">
    <div class="u-author h-card">
      <img class="u-photo" src="/images/alice.jpg" alt="">
      <a class="p-name u-url" href="https://alice.example/">Alice   Marsh</a>
    </div>
    <p>In reply to <a class="u-in-reply-to" href="${POST}">Workers in Vladivostok</a></p>
    <div class="e-content"><p>I saw the same cranes in <em>2009</em>. Thanks for the photo!</p></div>
    <a class="u-url" href="/notes/2010/11/29/1"><time class="dt-published" datetime="2010-11-29T08:15:00+10:00">29 November</time></a>
  </article>`);

describe("reading the page behind a Webmention", () => {
  it("a reply note: its author with photo, its text, its own address and time", () => {
    expect(read(REPLY, "https://alice.example/notes/2010/11/29/1")).toEqual({
      linksToTarget: true,
      kind: "reply",
      author: { name: "Alice Marsh", url: "https://alice.example/", photo: "https://alice.example/images/alice.jpg" },
      title: null,
      html: "<p>I saw the same cranes in <em>2009</em>. Thanks for the photo!</p>",
      url: "https://alice.example/notes/2010/11/29/1",
      published: new Date("2010-11-28T22:15:00Z"),
    });
  });

  it("a like: who liked it, and no text", () => {
    const like = pageWith(`
      <div class="h-entry">
        <a class="p-author h-card" href="https://bob.example/">Bob Okafor</a> liked
        <a class="u-like-of" href="http://BLOG.example.com:80/2010/11/vladivostok.html#comments">a post about Vladivostok</a>
        <a class="u-url" href="https://bob.example/likes/42">#</a>
      </div>`);
    expect(read(like, "https://bob.example/likes/42")).toEqual({
      linksToTarget: true,
      kind: "like",
      author: { name: "Bob Okafor", url: "https://bob.example/", photo: null },
      title: null,
      html: "",
      url: "https://bob.example/likes/42",
      published: null,
    });
  });

  it("a repost whose original is an h-cite", () => {
    const repost = pageWith(`
      <article class="h-entry">
        <span class="p-author h-card"><a class="u-url p-name" href="https://carol.example">Carol</a></span> reposted
        <div class="u-repost-of h-cite">
          <a class="p-author h-card" href="https://blog.example.com/">The blog</a>:
          <a class="u-url" href="https://blog.example.com/2010/11/vladivostok.html?m=1">Workers in Vladivostok</a>
          <p class="p-content">North Korean workers in Vladivostok…</p>
        </div>
        <p class="e-content">Worth reading.</p>
      </article>`);
    expect(read(repost, "https://carol.example/reposts/7")).toEqual({
      linksToTarget: true,
      kind: "repost",
      author: { name: "Carol", url: "https://carol.example/", photo: null },
      title: null,
      html: "",
      url: "https://carol.example/reposts/7",
      published: null,
    });
  });

  it("a bookmark keeps its note", () => {
    const bookmark = pageWith(`
      <div class="h-entry"><a class="u-bookmark-of" href="${POST}">Workers in Vladivostok</a>
        <p class="p-summary">For the trip next spring.</p><a class="p-author" href="https://dee.example/">Dee</a></div>`);
    expect(read(bookmark, "https://dee.example/b/1")).toMatchObject({
      kind: "bookmark",
      author: { name: "Dee", url: null, photo: null },
      html: "<p>For the trip next spring.</p>",
    });
  });

  it("an article that cites the post in its text: a titled mention, by the page's representative h-card", () => {
    const article = pageWith(
      `<header class="h-card"><a class="u-url p-name" rel="me" href="https://dana.example/">Dana Wright</a>
         <img class="u-photo" src="https://dana.example/me.png" alt=""></header>
       <main class="h-entry">
         <h1 class="p-name">Cranes of the Far East</h1>
         <time class="dt-published" datetime="2010-12-02">2 December 2010</time>
         <div class="e-content">
           <p>Harbour cranes work through the winter. <a href="${POST}">A post from Vladivostok</a> shows them at work.</p>
           <script>track("view")</script>
         </div>
       </main>`,
      "<title>Cranes of the Far East — Dana's blog</title>",
    );
    expect(read(article, "https://dana.example/2010/12/cranes")).toEqual({
      linksToTarget: true,
      kind: "mention",
      author: { name: "Dana Wright", url: "https://dana.example/", photo: "https://dana.example/me.png" },
      title: "Cranes of the Far East",
      html: `<p>Harbour cranes work through the winter. <a href="${POST}" rel="nofollow ugc noopener">A post from Vladivostok</a> shows them at work.</p>`,
      url: "https://dana.example/2010/12/cranes",
      published: new Date("2010-12-02T00:00:00Z"),
    });
  });

  it("a page with no microformats: a mention titled by its <title>", () => {
    const plain = pageWith(
      `<h1>Links for the week</h1><ul><li><a href="https://news.example/">News</a></li><li><a href="${POST}">Vladivostok</a></li></ul>`,
      "<title>  Links for\n the week &amp; more </title>",
    );
    expect(read(plain, "https://erin.example/links")).toEqual({
      linksToTarget: true,
      kind: "mention",
      author: null,
      title: "Links for the week & more",
      html: "",
      url: "https://erin.example/links",
      published: null,
    });
  });

  it("a page that no longer links to the post says so, and is still read", () => {
    const edited = REPLY.replace(POST, "https://elsewhere.example/post");
    expect(read(edited, "https://alice.example/notes/2010/11/29/1")).toEqual({
      linksToTarget: false,
      kind: "mention",
      author: { name: "Alice Marsh", url: "https://alice.example/", photo: "https://alice.example/images/alice.jpg" },
      title: null,
      html: "<p>I saw the same cranes in <em>2009</em>. Thanks for the photo!</p>",
      url: "https://alice.example/notes/2010/11/29/1",
      published: new Date("2010-11-28T22:15:00Z"),
    });
  });

  it("a page that links only through a relative address and its <base>", () => {
    const mirrored = pageWith(`<p>Copied from <a href="11/vladivostok.html">the original</a>.</p>`, '<base href="https://blog.example.com/2010/">');
    expect(read(mirrored, "https://mirror.example/copies/1").linksToTarget).toBe(true);
    expect(read(mirrored.replace("<base", "<base-not"), "https://mirror.example/copies/1").linksToTarget).toBe(false);
  });

  it("a reply on a page whose <base> is relative, which the microformats parser cannot resolve by itself", () => {
    const followUp = pageWith(
      `<div class="h-entry"><p class="e-content">A follow-up.</p>
         <a class="u-in-reply-to" href="11/vladivostok.html">earlier</a> <a href="//">a broken link</a> <img src="http:" alt=""></div>`,
      '<base href="/2010/">',
    );
    expect(read(followUp, "https://blog.example.com/2010/12/follow-up.html")).toMatchObject({ linksToTarget: true, kind: "reply", html: "<p>A follow-up.</p>" });
  });

  it("a feed page: the entry that replies, and the feed's author", () => {
    const feed = pageWith(`
      <div class="h-feed">
        <a class="p-author h-card" href="https://fay.example/"><img src="/fay.png" alt="Fay Lind"></a>
        <article class="h-entry"><p class="e-content">Breakfast was good.</p></article>
        <article class="h-entry"><a class="u-in-reply-to" href="${POST}">re</a><p class="e-content">Which pier was this?</p>
          <a class="u-url" href="/2010/11/30/pier">link</a></article>
        <article class="h-entry"><p class="e-content">Snow today.</p></article>
      </div>`);
    expect(read(feed, "https://fay.example/")).toEqual({
      linksToTarget: true,
      kind: "reply",
      author: { name: "Fay Lind", url: "https://fay.example/", photo: "https://fay.example/fay.png" },
      title: null,
      html: "<p>Which pier was this?</p>",
      url: "https://fay.example/2010/11/30/pier",
      published: null,
    });
  });
});

describe("the entry's title, text and author", () => {
  const entry = (inside: string) => pageWith(`<div class="h-entry"><a class="u-in-reply-to" href="${POST}"></a>${inside}</div>`);

  it("a note that repeats its text as its name, whole or cut, has no title", () => {
    expect(read(entry(`<p class="p-name e-content">Lovely  photo!</p>`), "https://g.example/1")).toMatchObject({ title: null, html: "<p>Lovely  photo!</p>" });
    expect(read(entry(`<p class="p-name">Lovely photo of the…</p><p class="e-content">Lovely photo of the cranes.</p>`), "https://g.example/1").title).toBeNull();
  });

  it("falls back from content to its text, then to the summary, then to the name", () => {
    expect(read(entry(`<div class="e-content"><img src="/c.jpg" alt="A crane at dusk"></div>`), "https://g.example/1").html).toBe("<p>A crane at dusk</p>");
    expect(read(entry(`<p class="p-content">Plain &lt;b&gt;text&lt;/b&gt;\n\nin two paragraphs</p>`), "https://g.example/1").html).toBe("<p>Plain &lt;b&gt;text&lt;/b&gt;</p>\n<p>in two paragraphs</p>");
    expect(read(entry(`<p class="p-summary">Just the summary.</p>`), "https://g.example/1").html).toBe("<p>Just the summary.</p>");
    expect(read(entry(`<span class="p-name">Only a name</span>`), "https://g.example/1")).toMatchObject({ title: null, html: "<p>Only a name</p>" });
  });

  it("keeps the text around icons and other things a comment cannot show", () => {
    const content = `<div class="e-content"><p>Hi <svg class="icon"/> there <svg><svg/><title>icon</title></svg>and <i>you</i><select><option>no</select>!</p></div>`;
    expect(read(entry(content), "https://g.example/1").html).toBe("<p>Hi  there and <em>you</em>!</p>");
  });

  it(`cuts a long text at a word, near ${MENTION_TEXT_LIMIT} characters, with an ellipsis`, () => {
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(" ");
    const { html } = read(entry(`<div class="e-content"><p>${words}</p><p>never shown</p></div>`), "https://g.example/1");
    expect(html.startsWith("<p>word0 word1 ")).toBe(true);
    expect(html.endsWith("…</p>")).toBe(true);
    const text = html.slice(3, -"…</p>".length);
    expect(text.length).toBeLessThanOrEqual(MENTION_TEXT_LIMIT);
    expect(text.length).toBeGreaterThan(MENTION_TEXT_LIMIT - 12);
    expect(words.startsWith(`${text} `)).toBe(true);
  });

  it("an author given as an address is the h-card on the page with that address, or named after the address", () => {
    const withCard = pageWith(`<div class="h-card"><a class="u-url p-name" href="https://hal.example/">Hal</a></div><div class="h-card"><span class="p-name">Someone else</span></div>
      <div class="h-entry"><a class="u-author" href="https://hal.example/"></a><a class="u-in-reply-to" href="${POST}"></a><p class="e-content">Hi</p></div>`);
    expect(read(withCard, "https://hal.example/1").author).toEqual({ name: "Hal", url: "https://hal.example/", photo: null });
    expect(read(entry(`<a class="u-author" href="https://www.ida.example/~ida/"></a>`), "https://ida.example/1").author).toEqual({
      name: "ida.example/~ida",
      url: "https://www.ida.example/~ida/",
      photo: null,
    });
  });

  it("the representative h-card is the one whose url and uid are the page, else the only one, else none", () => {
    const cards = (first: string) => pageWith(`${first}<div class="h-card"><a class="u-url p-name" href="https://other.example/">Other</a></div>
      <p><a href="${POST}">the post</a></p>`);
    const own = `<div class="h-card"><a class="u-url u-uid p-name" href="https://jo.example/">Jo</a></div>`;
    expect(read(cards(own), "https://jo.example/").author).toEqual({ name: "Jo", url: "https://jo.example/", photo: null });
    expect(read(cards(own), "https://jo.example/elsewhere").author).toBeNull();
    expect(read(pageWith(own), "https://jo.example/elsewhere").author).toEqual({ name: "Jo", url: "https://jo.example/", photo: null });
  });

  it("reads published times in the forms pages write them, and only real dates", () => {
    const at = (datetime: string) => read(entry(`<time class="dt-published" datetime="${datetime}"></time>`), "https://g.example/1").published;
    expect(at("2010-11-28T21:05:00+09:00")).toEqual(new Date("2010-11-28T12:05:00Z"));
    expect(at("2010-11-28 21:05:00-0800")).toEqual(new Date("2010-11-29T05:05:00Z"));
    expect(at("2010-11-28T21:05Z")).toEqual(new Date("2010-11-28T21:05:00Z"));
    expect(at("2010-11-28T21:05:07.250")).toEqual(new Date("2010-11-28T21:05:07.250Z"));
    expect(at("2010-02-30")).toBeNull();
    expect(at("2010-11-28T24:00:00Z")).toBeNull();
    expect(at("2010-11-28T10:00:00+99:00")).toBeNull();
    expect(at("last Sunday")).toBeNull();
    expect(read(entry(""), "https://g.example/1").published).toBeNull();
  });
});

describe("a hostile page", () => {
  const SOURCE = "https://mallory.example/reply";

  it("gets no script, handler, frame, style or script address into the text, and keeps the rest", () => {
    const hostile = pageWith(`
      <div class="h-entry"><a class="u-in-reply-to" href="${POST}"></a>
        <div class="e-content">
          <p onclick="steal()">Nice <b onmouseover="x()">post</b>!<script>steal(document.cookie)</script></p>
          <img src="x" onerror="alert(1)"><iframe src="https://evil.example/"></iframe><style>body{display:none}</style>
          <p><a href="javascript:alert(1)">click</a> <a href="https://mallory.example/more" onclick="x()" target="_top">more</a></p>
          <svg onload="alert(1)"><text>svg text</text></svg><form action="https://evil.example/"><input value="pw"></form>
          <p>&lt;script&gt;alert("shown as text")&lt;/script&gt;</p>
        </div>
      </div>`);
    const { html } = read(hostile, SOURCE);
    expect(findUnsafeMarkup(html)).toEqual([]);
    expect(html).toBe(
      "<p>Nice <strong>post</strong>!</p>\n          \n" +
        '          <p><a rel="nofollow ugc noopener">click</a> <a href="https://mallory.example/more" rel="nofollow ugc noopener">more</a></p>\n' +
        "          \n" +
        "          <p>&lt;script&gt;alert(\"shown as text\")&lt;/script&gt;</p>",
    );
  });

  it("gets no script or data address into the author, the photo or the entry's address", () => {
    const hostile = pageWith(`
      <div class="h-entry"><a class="u-in-reply-to" href="${POST}"></a><a class="u-url" href="javascript:alert(1)">x</a>
        <div class="p-author h-card"><a class="u-url p-name" href="javascript:alert(1)">Mallory</a>
          <img class="u-photo" src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;" alt=""></div>
        <p class="e-content">Hi</p></div>`);
    expect(read(hostile, SOURCE)).toMatchObject({ author: { name: "Mallory", url: null, photo: null }, url: SOURCE });
  });

  it("gets names as one plain line: entities decoded, controls and direction overrides gone, piled marks trimmed, cut at 100 characters", () => {
    const named = (name: string) =>
      read(pageWith(`<div class="h-entry"><a class="u-in-reply-to" href="${POST}"></a><span class="p-author h-card"><span class="p-name">${name}</span></span><p class="e-content">Hi</p></div>`), SOURCE)
        .author?.name;
    expect(named("Tom &amp; Jerry &lt;b&gt;")).toBe("Tom & Jerry <b>");
    expect(named("Admin\u202Egnp.exe\u202C \u0007bell\u2066isolated\u2069")).toBe("Admingnp.exe bellisolated");
    expect(named("Z\u0301\u0302\u0303\u0304\u0305\u0306algo")).toBe("Z\u0301\u0302\u0303algo");
    expect(named("<b>Bold</b>\n\t name<script>alert(1)</script>")).toBe("Bold name");
    const long = named("Anna ".repeat(50));
    expect(long).toHaveLength(100);
    expect(long?.endsWith("…")).toBe(true);
    expect(named("\u202E  ")).toBeUndefined();
  });

  it("that is broken — unclosed tags, stray end tags, no body — is read as a browser would", () => {
    const broken = `<div class="h-entry"><p class="e-content">Hi <b>there<a class="u-in-reply-to" href="${POST}">re</a></span></div></div></table><p`;
    expect(read(broken, SOURCE)).toMatchObject({ linksToTarget: true, kind: "reply", html: `<p>Hi <strong>there<a href="${POST}" rel="nofollow ugc noopener">re</a></strong></p>` });
    expect(read("", SOURCE)).toEqual({ linksToTarget: false, kind: "mention", author: null, title: null, html: "", url: SOURCE, published: null });
    expect(read(`just text mentioning ${POST}`, SOURCE).linksToTarget).toBe(false);
  });

  it("that nests too deep for a tree, or makes a tree builder invent elements, is read for its links alone", () => {
    const reply = `<div class="h-entry"><a class="u-in-reply-to" href="${POST}">re</a><p class="e-content">Hi</p></div>`;
    const linksOnly = { linksToTarget: true, kind: "mention", author: null, title: null, html: "", url: SOURCE, published: null };
    expect(read(`${reply}${"<div>".repeat(100_000)}`, SOURCE)).toEqual(linksOnly);
    // Every paragraph re-opens every unclosed <b> before it: n paragraphs, n² elements.
    const bomb = Array.from({ length: 20_000 }, (_, i) => `<p><b id=b${i}></p>`).join("");
    expect(read(`${reply}${bomb}`, SOURCE)).toEqual(linksOnly);
    expect(read(`${reply}${"<template><div>".repeat(50_000)}`, SOURCE)).toEqual(linksOnly);
    // The parser reads every nested entry's content whole: a hundred of them would read a megabyte a hundred times.
    const nested = `${'<div class="e-content h-entry">'.repeat(100)}${"word ".repeat(200_000)}${"</div>".repeat(100)}`;
    expect(read(`${reply}${nested}`, SOURCE)).toEqual(linksOnly);
  });

  it("of 10 MB finishes, with its text cut", () => {
    const paragraph = `<p>${"All work and no play makes a dull page, again &amp; again. ".repeat(200)}<a href="/more">more</a></p>\n`;
    const huge = pageWith(
      `<div class="h-entry"><a class="u-in-reply-to" href="${POST}"></a><div class="e-content">${paragraph.repeat(Math.ceil(10_000_000 / paragraph.length))}</div></div>`,
    );
    expect(huge.length).toBeGreaterThan(10_000_000);
    const mention = read(huge, SOURCE);
    expect(mention).toMatchObject({ linksToTarget: true, kind: "reply" });
    expect(mention.html.endsWith("…</p>")).toBe(true);
    const text = mention.html.replace(/<[^>]*>/g, "").replace(/&(?:amp|lt|gt|quot);/g, "&");
    expect(text.length).toBeLessThanOrEqual(MENTION_TEXT_LIMIT + 1);
  });

  it("with a thousand of something — categories, cards, image sources — is read; with a hundred thousand, for its links", () => {
    const many = (count: number, html: string) => Array.from({ length: count }, () => html).join("");
    const page = (count: number) =>
      pageWith(`<div class="h-feed">${many(count, '<i class="h-card">x</i>')}
        <div class="h-entry"><a class="u-in-reply-to" href="${POST}"></a>${many(count, '<i class="p-category">c</i>')}<p class="e-content">Many!</p></div></div>
        <img srcset="${many(count, "/a.jpg 1x, ")}${POST} 2x">`);
    expect(read(page(900), SOURCE)).toMatchObject({ linksToTarget: true, kind: "reply", author: null, html: "<p>Many!</p>" });
    // The parser gathers them by copying lists, in time that grows with the square of their number.
    expect(read(page(100_000), SOURCE)).toMatchObject({ linksToTarget: true, kind: "mention", author: null, html: "" });
  });

  it("never makes the reader throw, whatever the HTML", () => {
    const pieces = [
      '<div class="h-entry">', '<div class="h-card">', '<a class="u-in-reply-to" href="' + POST + '">', '<a href="//">', '<img src="http:" class="u-photo">',
      '<base href="javascript:x">', '<base href="/x/">', '<span class="p-name">', '<time class="dt-published" datetime="9999-99-99">', "</div>", "</a>",
      '<p class="e-content">', "<b>", "</p>", "<table><td>", "<svg><a/>", "<!--", "-->", "<script>", "</script>", "&#x110000;", "&#xD800;", "\uD800",
      "\u202E", "<template>", '<data class="u-url" value="//[">', '<a class="u-url">http:</a>', "<", ">", '"', "'", "text ",
    ];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    for (let run = 0; run < 300; run++) {
      const html = Array.from({ length: 1 + next(40) }, () => pieces[next(pieces.length)]!).join("");
      const mention = read(html, SOURCE);
      expect(findUnsafeMarkup(mention.html), html).toEqual([]);
      for (const address of [mention.url, mention.author?.url, mention.author?.photo]) {
        if (address) expect(address, html).toMatch(/^https?:\/\//);
      }
    }
  });

  it("cannot pass for a source address that is not absolute http(s), which only a bug in the receiver could give", () => {
    expect(() => readMentionSource({ html: REPLY, sourceUrl: "javascript:alert(1)", targets: TARGETS })).toThrow(/sourceUrl must be an absolute http\(s\) address/);
    expect(() => readMentionSource({ html: REPLY, sourceUrl: "/notes/1", targets: TARGETS })).toThrow(TypeError);
  });

  it("ignores targets that are no address", () => {
    expect(readMentionSource({ html: REPLY, sourceUrl: "https://alice.example/n/1", targets: ["", "not an address", POST] }).kind).toBe("reply");
    expect(readMentionSource({ html: REPLY, sourceUrl: "https://alice.example/n/1", targets: ["", "/2010/11/vladivostok.html"] }).linksToTarget).toBe(false);
  });
});
