import type { ImportedComment, ImportedPost, ImportRecord } from "../../src/formats/import-model.js";

// A small blog as an importer would hand it over: settings, one author, posts and a page
// from Blogger and WordPress, and comments given out of order, as exports give them.

/** Post paths the import keeps (Blogger's shape) or makes. */
export const PATHS = {
  moses: "/2010/11/holy-moses.html",
  /** WordPress's post, published 1 December 02:00 UTC: still 30 November in Los Angeles. */
  exodus: "/2010/11/a-mass-exodus.html",
  untitled: "/2010/11/blog-post_28.html",
  late: "/2010/12/late-arrival.html",
  about: "/p/about.html",
} as const;

export function post(id: string, fields: Partial<ImportedPost>): ImportedPost {
  return {
    kind: "post",
    source: { system: "blogger", id },
    postKind: "post",
    status: "published",
    title: `Post ${id}`,
    html: `<p>Text of ${id}.</p>`,
    slug: null,
    oldPaths: [],
    oldUrl: null,
    authorSource: { system: "blogger", id: "author-1" },
    authorName: "Old Author",
    labels: [],
    publishedAt: new Date("2010-11-28T21:42:00Z"),
    updatedAt: null,
    commentsOpen: true,
    media: [],
    ...fields,
  };
}

export function comment(id: string, fields: Partial<ImportedComment>): ImportedComment {
  return {
    kind: "comment",
    source: { system: "blogger", id },
    postSource: { system: "blogger", id: "moses" },
    postUrl: null,
    parentSource: null,
    commentKind: "comment",
    authorName: `Reader ${id}`,
    authorEmail: null,
    authorUrl: null,
    isBlogAuthor: false,
    html: `<p>Comment ${id}.</p>`,
    status: "approved",
    createdAt: new Date("2010-11-29T09:00:00Z"),
    oldAnchors: [],
    ...fields,
  };
}

/** The whole small blog; `mosesTitle` lets a second import bring an edited title. */
export function smallBlog(mosesTitle = "Holy Moses!"): ImportRecord[] {
  return [
    { kind: "settings", title: "Letters from the Coast", description: "Notes from a port town.", timeZone: "America/Los_Angeles", locale: "en-US", commentPolicy: "Please be kind." },
    { kind: "settings", timeZone: "Mars/Olympus_Mons" },
    { kind: "author", source: { system: "blogger", id: "author-1" }, name: "Old Author", email: "old@example.com", url: null },
    // A reply before its parent, the author's answer before both: numbers must follow the times.
    comment("r1", { parentSource: { system: "blogger", id: "c1" }, createdAt: new Date("2010-11-29T10:00:00Z"), authorName: "Second Reader" }),
    post("moses", { title: mosesTitle, oldPaths: [PATHS.moses], labels: ["Korea", "Russia"], html: '<p>A <a href="http://example.com/news">quoted</a> passage.</p>' }),
    comment("c2", { createdAt: new Date("2010-11-30T08:00:00Z"), isBlogAuthor: true, authorName: "Old Author" }),
    comment("c1", { createdAt: new Date("2010-11-29T09:00:00Z"), authorName: "First Reader", authorUrl: "javascript:alert(1)" }),
    comment("held", { status: "pending", createdAt: new Date("2010-11-29T12:00:00Z") }),
    comment("removed", { status: "deleted", createdAt: new Date("2010-11-29T11:00:00Z") }),
    comment("ping", { commentKind: "link", authorName: "Another Blog » On exoduses", authorUrl: "https://another.example/2010/12/on-exoduses.html", html: "<p>[…] as the pier blog said […]</p>" }),
    comment("ping-without-address", { commentKind: "link", linkKind: "trackback", authorName: "Nowhere" }),
    comment("lost", { postSource: { system: "blogger", id: "no-such-post" } }),
    // Its post comes further down the file.
    comment("early", { postSource: { system: "blogger", id: "late" } }),
    post("exodus", {
      source: { system: "wordpress", id: "42" },
      title: "A mass exodus",
      slug: "a-mass-exodus",
      oldPaths: ["/?p=42", "/2010/12/01/a-mass-exodus/"],
      oldUrl: "https://old.example.com/2010/12/01/a-mass-exodus/",
      labels: ["korea", "Travel"],
      publishedAt: new Date("2010-12-01T02:00:00Z"),
    }),
    // Disqus knows posts only by their old web address.
    comment("dq1", { source: { system: "disqus", id: "1" }, postSource: null, postUrl: "https://old.example.com/?p=42", createdAt: new Date("2010-12-02T00:00:00Z") }),
    comment("dq2", { source: { system: "disqus", id: "2" }, postSource: null, postUrl: `http://coast.blogspot.com${PATHS.moses}?showComment=1#c2`, createdAt: new Date("2010-12-03T00:00:00Z") }),
    post("untitled", { title: "", html: "<p>Just a photo today, from the pier at dusk.</p>", oldPaths: [PATHS.untitled] }),
    post("secret", { title: "Only for me", status: "private", oldPaths: ["/2010/11/only-for-me.html"] }),
    post("late", { title: "Late arrival", oldPaths: [PATHS.late], publishedAt: new Date("2010-12-05T12:00:00Z") }),
    post("about", { postKind: "page", title: "About", oldPaths: [PATHS.about], labels: ["ignored on pages"] }),
    { kind: "skipped", what: "template", reason: "Blogger layouts are not imported", line: 77 },
  ];
}

/** The records as an importer streams them; with `failAfter`, the file turns out bad after that many. */
export async function* streamOf(records: readonly ImportRecord[], failure?: { after: number; error: Error }): AsyncGenerator<ImportRecord> {
  let given = 0;
  for (const record of records) {
    if (failure && given === failure.after) throw failure.error;
    await Promise.resolve();
    yield record;
    given++;
  }
}
