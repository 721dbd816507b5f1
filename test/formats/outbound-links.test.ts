import { describe, expect, it } from "vitest";
import { MAX_OUTBOUND_LINKS, comparableAddress, outboundLinks } from "../../src/formats/outbound-links.js";
import { walkHtml } from "../../src/formats/html-walk.js";

const BLOG = "https://blog.example.com";
const POST = `${BLOG}/2010/11/vladivostok.html`;

describe("the links a published post sends Webmentions to", () => {
  it("are the other sites it links to, absolute, in order, once each, without fragments", () => {
    const html = `<p>As <a href="https://news.example/2010/11/workers?id=7#para-3">the paper reported</a>, and
      <a href="HTTPS://Friend.Example:443/posts/harbour">my friend</a> saw too
      (<a href="https://news.example/2010/11/workers?id=7">again</a>, <a href="https://friend.example/posts/harbour#top">again</a>).</p>
      <figure><img src="https://photos.example/pier.jpg" alt="The pier"><figcaption>Workers at the pier.</figcaption></figure>
      <p><a href="http://old.example">An old site</a> <a href="//cdn.example/notes">scheme-relative</a></p>`;
    expect(outboundLinks(html, POST, BLOG)).toEqual([
      "https://news.example/2010/11/workers?id=7",
      "https://friend.example/posts/harbour",
      "http://old.example/",
      "https://cdn.example/notes",
    ]);
  });

  it("leave out the blog's own pages, relative links among them, and fragment-only links", () => {
    const html = `<p><a href="/2010/10/earlier.html">earlier</a> <a href="../10/earlier.html">relative</a> <a href="#c2">comment 2</a>
      <a href="${BLOG}/search/label/travel">label</a> <a href="https://blog.example.com:443/p/about.html">about</a>
      <a href="https://other.example/">other</a> <a href="https://sub.blog.example.com/">a subdomain is another site</a></p>`;
    expect(outboundLinks(html, POST, BLOG)).toEqual(["https://other.example/", "https://sub.blog.example.com/"]);
  });

  it("leave out mail, telephone, script and data links, and links that are no address at all", () => {
    const html = `<a href="mailto:kim@example.com">mail</a> <a href="tel:+100">call</a> <a href="javascript:alert(1)">js</a>
      <a href="JaVa&#x09;Script:alert(1)">js</a> <a href="data:text/html,hi">data</a> <a href="http://[oops">broken</a>
      <a href="https://exa mple.example/">space</a> <a>no href</a> <a href="">empty</a> <a href="https://ok.example/">ok</a>`;
    expect(outboundLinks(html, POST, BLOG)).toEqual(["https://ok.example/"]);
  });

  it("are read from links only, not from images, scripts, comments or escaped text", () => {
    const html = `<img src="https://img.example/a.png"><script>var a = '<a href="https://script.example/">';</script>
      <!-- <a href="https://comment.example/">old</a> --><p>&lt;a href="https://text.example/"&gt;</p>
      <A HREF="https://caps.example/x">caps</A>`;
    expect(outboundLinks(html, POST, BLOG)).toEqual(["https://caps.example/x"]);
  });

  it(`stop at ${MAX_OUTBOUND_LINKS}`, () => {
    const html = Array.from({ length: 150 }, (_, i) => `<a href="https://site${i}.example/">${i}</a>`).join(" ");
    const links = outboundLinks(html, POST, BLOG);
    expect(links).toHaveLength(MAX_OUTBOUND_LINKS);
    expect(links[0]).toBe("https://site0.example/");
    expect(links.at(-1)).toBe("https://site99.example/");
  });

  it("refuse a base or own address that is not absolute http(s), which only a bug in the caller could give", () => {
    expect(() => outboundLinks("<a href='https://x.example/'>x</a>", "/2010/11/x.html", BLOG)).toThrow(/baseUrl must be an absolute http\(s\) address/);
    expect(() => outboundLinks("", POST, "blog.example.com")).toThrow(/ownOrigin must be an absolute http\(s\) address/);
  });
});

describe("the form addresses are compared in", () => {
  it("lower-cases scheme and host, drops the default port and the fragment, and writes an empty path as /", () => {
    expect(comparableAddress("HTTPS://Blog.Example.COM:443#c2")).toBe("https://blog.example.com/");
    expect(comparableAddress("http://blog.example.com:80/a/b?x=1#y")).toBe("http://blog.example.com/a/b?x=1");
    expect(comparableAddress("http://blog.example.com:8080/")).toBe("http://blog.example.com:8080/");
  });

  it("resolves relative addresses against a base, and is null without one or for anything not http(s)", () => {
    expect(comparableAddress("../x.html?a=1", "https://b.example/2010/11/y.html")).toBe("https://b.example/2010/x.html?a=1");
    expect(comparableAddress("/x.html")).toBeNull();
    expect(comparableAddress("mailto:a@b.example")).toBeNull();
    expect(comparableAddress(" javascript:alert(1)", "https://b.example/")).toBeNull();
    expect(comparableAddress(`https://b.example/${"a".repeat(3000)}`)).toBeNull();
  });
});

describe("walking a stranger's HTML", () => {
  it("reports tags, attributes and text as a browser tokenises them", () => {
    const seen: string[] = [];
    walkHtml(`<!doctype html><P Class=x class=y data-q='a&amp;b'>Tom &amp; Jerry</P><!-- <b>no</b> --><br/><style>a{}</style>`, {
      openTag: ({ name, attributes, selfClosing }) => void seen.push(`<${name} ${JSON.stringify(attributes)}${selfClosing ? " /" : ""}>`),
      closeTag: (name) => void seen.push(`</${name}>`),
      text: (text) => void seen.push(text),
    });
    expect(seen).toEqual(['<p {"class":"x","data-q":"a&b"}>', "Tom ", "&", " Jerry", "</p>", "<br {} />", "<style {}>", "a{}", "</style>"]);
  });

  it("gives each tag's place in the HTML, and stops when told", () => {
    const html = `<p>one</p><a href="/x">two</a><i>three</i>`;
    const tags: string[] = [];
    walkHtml(html, {
      openTag(tag) {
        tags.push(html.slice(tag.start, tag.end));
        if (tag.name === "a") return "stop";
      },
    });
    expect(tags).toEqual(["<p>", '<a href="/x">']);
    const pieces: string[] = [];
    walkHtml("Tom&amp;Jerry<b>x</b>", { text: (text) => (pieces.push(text), "stop"), openTag: () => void pieces.push("tag") });
    expect(pieces).toEqual(["Tom"]);
  });

  it("goes through deep nesting, stray end tags and unclosed tags in time that grows with the page, not its depth", () => {
    // Half a million open elements and as many end tags that close nothing: a tree builder would take minutes.
    const html = `${"<div>".repeat(500_000)}${"</span>".repeat(500_000)}<a href="https://deep.example/">deep</a><p`;
    expect(outboundLinks(html, POST, BLOG)).toEqual(["https://deep.example/"]);
  });
});
