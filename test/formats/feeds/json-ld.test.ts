import { describe, expect, it } from "vitest";
import { blogPostingJsonLd, scriptSafeJson } from "../../../src/formats/feeds/json-ld.js";

const post = {
  url: "https://blog.example.com/2010/11/a-mass-exodus.html",
  headline: "A mass exodus",
  description: "Workers are leaving.",
  published: new Date("2010-11-28T13:42:00Z"),
  modified: new Date("2010-11-29T00:05:00Z"),
  authorName: "Kevin",
  authorUrl: null,
  image: "https://blog.example.com/media/pier.png",
  blogName: "Notes from the Peninsula",
  blogUrl: "https://blog.example.com/",
  language: "en-US",
  keywords: ["Korea", "Russia"],
};

describe("the BlogPosting JSON-LD", () => {
  it("names the post, its dates, author, image, page and publisher", () => {
    expect(JSON.parse(blogPostingJsonLd(post))).toEqual({
      "@context": "https://schema.org",
      "@type": "BlogPosting",
      headline: "A mass exodus",
      description: "Workers are leaving.",
      url: post.url,
      mainEntityOfPage: { "@type": "WebPage", "@id": post.url },
      datePublished: "2010-11-28T13:42:00.000Z",
      dateModified: "2010-11-29T00:05:00.000Z",
      author: { "@type": "Person", name: "Kevin" },
      image: ["https://blog.example.com/media/pier.png"],
      publisher: { "@type": "Organization", name: "Notes from the Peninsula", url: "https://blog.example.com/" },
      inLanguage: "en-US",
      keywords: "Korea, Russia",
    });
  });

  it("cannot end its script element or open a comment, whatever the title holds", () => {
    const headline = `</script><script>alert(1)</script><!-- & \u2028`;
    const json = blogPostingJsonLd({ ...post, headline });

    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json).headline).toBe(headline);
    expect(scriptSafeJson({ t: "</SCRIPT" })).toBe('{"t":"\\u003c/SCRIPT"}');
  });
});
