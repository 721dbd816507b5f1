import { describe, expect, it } from "vitest";
import { commentChangeKeys, postChangeKeys, type PostPlacement } from "../../../src/services/page-cache/page-keys.js";

const post = (overrides: Partial<PostPlacement> = {}): PostPlacement => ({
  id: 7,
  kind: "post",
  status: "published",
  title: "A mass exodus",
  path: "/2010/11/a-mass-exodus.html",
  labels: ["Russia", "Work"],
  // 23:30 UTC on the 30th is already December 1st in Oslo.
  publishedAt: new Date("2010-11-30T23:30:00Z"),
  ...overrides,
});
const ZONE = "Europe/Oslo";

describe("which cached pages a change drops", () => {
  it("an edit of a post's text: the pages that show it and the sitemap, no listing", () => {
    expect(postChangeKeys(post(), post({ title: "A mass exodus, again" }), ZONE).sort()).toEqual(["post-7", "sitemap"]);
  });

  it("publishing: the front page, the feed, its archive month in the blog's time zone, its labels, and every page's frame", () => {
    const keys = postChangeKeys(post({ status: "draft", publishedAt: null }), post(), ZONE);
    expect(keys.sort()).toEqual(["archive-2010", "archive-2010-12", "feed-posts", "home", "label-russia", "label-work", "post-7", "sidebar", "sitemap"]);
  });

  it("new labels drop the listings of the old labels and of the new", () => {
    const keys = postChangeKeys(post(), post({ labels: ["Work", "Ferries"] }), ZONE);
    expect(keys).toEqual(expect.arrayContaining(["label-russia", "label-work", "label-ferries", "sidebar"]));
  });

  it("a new date drops both months' archives", () => {
    const keys = postChangeKeys(post(), post({ publishedAt: new Date("2011-02-01T12:00:00Z") }), ZONE);
    expect(keys).toEqual(expect.arrayContaining(["archive-2010", "archive-2010-12", "archive-2011", "archive-2011-02"]));
  });

  it("deleting a draft touches no listing", () => {
    expect(postChangeKeys(post({ status: "draft" }), null, ZONE).sort()).toEqual(["post-7", "sitemap"]);
  });

  it("a page's new title changes the page list in every page's frame, and no post listing", () => {
    const page = post({ kind: "page", path: "/p/about.html", labels: [] });
    const keys = postChangeKeys(page, { ...page, title: "About me" }, ZONE);
    expect(keys.sort()).toEqual(["post-7", "sidebar", "sitemap"]);
  });

  it("names any label safely as a header token, whatever its case", () => {
    const keys = postChangeKeys(null, post({ labels: ["Sea ice", "Bølger", 'x"y z\r\n'] }), ZONE);
    expect(keys).toEqual(expect.arrayContaining(["label-sea%20ice", "label-b%C3%B8lger", "label-x%22y%20z%0D%0A"]));
    for (const key of keys) expect(key).toMatch(/^[\x21-\x7e]+$/);
  });

  it("a comment that appears or goes: the post's pages and both comment feeds", () => {
    expect(commentChangeKeys(7)).toEqual(["post-7", "comments", "comments-7"]);
  });
});
