import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plainTextFromHtml } from "../../src/content/index.js";
import type { BlogSettings } from "../../src/domain/blog.js";
import { searchWords } from "../../src/domain/search-words.js";
import type { User } from "../../src/domain/user.js";
import { createImportService } from "../../src/services/import.service.js";
import type { SearchResults } from "../../src/store/index.js";
import { smallBlog, streamOf } from "../factories/import-records.js";
import { createBlog, createPost, createUser, minutesAfter, WRITTEN_AT } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";
import { fakeClock } from "../support/fake-clock.js";

const dialects = await testDialects();

/** What readers type into a search box to break it, none of which may be more than words. */
const HOSTILE_QUERIES = [
  '"',
  '"harbour',
  'harbour"',
  '"unbalanced "quotes',
  "NEAR(harbour lights",
  "NEAR(harbour, 2)",
  "harbour*",
  "*",
  "-harbour",
  "harbour AND",
  "AND OR NOT",
  "title:harbour",
  "body:",
  ":",
  "'",
  "harbour's",
  "\\",
  "\\x00",
  "\u0000harbour",
  "^harbour",
  "harbour & | ! <-> lights",
  "harbour:*",
  "(harbour",
  "harbour)",
  "{title body}: harbour",
  "' OR 1=1 --",
  "'; DROP TABLE posts; --",
  '" OR ""="',
  "%' --",
  "\u0301",
  "🚢",
];

describe.each(dialects.map((d) => [d.name, d] as const))("searching a blog's posts on %s", (_, dialect) => {
  let t: TestDatabase;
  let owner: { blog: BlogSettings; author: User };
  const search = (query: string, page = { limit: 10, offset: 0 }): Promise<SearchResults> => t.stores.posts.search(owner.blog.id, searchWords(query), page);
  const titlesFound = async (query: string): Promise<string[]> => (await search(query)).hits.map((hit) => hit.post.title);
  const paragraphs = (...texts: string[]) => ({ html: texts.map((text) => `<p>${text}</p>`).join("\n"), source: texts.join("\n\n") });

  beforeEach(async () => {
    t = await dialect.create();
    owner = { blog: await createBlog(t.stores), author: await createUser(t.stores) };
  });
  afterEach(() => t.dispose());

  it("finds a post by a word of its title, of its text, or by one of its labels", async () => {
    await createPost(t.stores, owner, { title: "Lanterns on the pier", ...paragraphs("The council voted to mend the boards."), labels: ["Harbour"] });
    await createPost(t.stores, owner, { title: "Market day", ...paragraphs("Cloudberry jam and smoked mackerel.") });

    expect(await titlesFound("lanterns")).toEqual(["Lanterns on the pier"]);
    expect(await titlesFound("Council")).toEqual(["Lanterns on the pier"]);
    expect(await titlesFound("harbour")).toEqual(["Lanterns on the pier"]);
    expect(await titlesFound("mackerel")).toEqual(["Market day"]);
    expect(await titlesFound("walrus")).toEqual([]);
  });

  it("finds other forms of a word, and words with or without their accents", async () => {
    await createPost(t.stores, owner, { title: "Café society", ...paragraphs("We walked to the crème brûlée stand.") });
    await createPost(t.stores, owner, { title: "The cafe by the quay", ...paragraphs("Boats were mooring all morning.") });

    expect(await titlesFound("cafe")).toHaveLength(2);
    expect(await titlesFound("CAFÉ")).toHaveLength(2);
    // "é" written as "e" and a combining accent is the same letter.
    expect(await titlesFound("cafe\u0301")).toHaveLength(2);
    expect(await titlesFound("walking")).toEqual(["Café society"]);
    expect(await titlesFound("creme brulee")).toEqual(["Café society"]);
    expect(await titlesFound("moored boat")).toEqual(["The cafe by the quay"]);
  });

  it("finds only posts holding every word searched for", async () => {
    await createPost(t.stores, owner, { title: "Harbour lights", ...paragraphs("The aurora over the water.") });
    await createPost(t.stores, owner, { title: "Harbour fees", ...paragraphs("The ferry fare goes up.") });

    expect(await titlesFound("harbour aurora")).toEqual(["Harbour lights"]);
    expect((await titlesFound("harbour")).sort()).toEqual(["Harbour fees", "Harbour lights"]);
  });

  it("ranks a post with the words in its title above posts that only mention them, whatever their dates", async () => {
    await createPost(t.stores, owner, { title: "Ferry timetable for winter", ...paragraphs("Four crossings a day."), publishedAt: minutesAfter(WRITTEN_AT, -600) });
    await createPost(t.stores, owner, { title: "Snow day", ...paragraphs("The ferry ran late. The ferry crew shovelled the deck of the ferry."), publishedAt: WRITTEN_AT });
    await createPost(t.stores, owner, { title: "Market", ...paragraphs("Bought mittens."), labels: ["ferry"], publishedAt: minutesAfter(WRITTEN_AT, 600) });

    expect(await titlesFound("ferry")).toEqual(["Ferry timetable for winter", "Market", "Snow day"]);
  });

  it("puts the newer of two equally good matches first", async () => {
    const older = await createPost(t.stores, owner, { title: "Snow", ...paragraphs("More snow tonight."), publishedAt: minutesAfter(WRITTEN_AT, -60) });
    const newer = await createPost(t.stores, owner, { title: "Snow", ...paragraphs("More snow tonight."), publishedAt: WRITTEN_AT });

    expect((await search("snow")).hits.map((hit) => hit.post.id)).toEqual([newer.id, older.id]);
  });

  it("finds published posts and pages, never a draft, a scheduled post or another blog's post", async () => {
    await createPost(t.stores, owner, { title: "Published lighthouse" });
    await createPost(t.stores, owner, { kind: "page", title: "About the lighthouse", slug: "about" });
    await createPost(t.stores, owner, { status: "draft", title: "Draft lighthouse" });
    await createPost(t.stores, owner, { status: "scheduled", title: "Scheduled lighthouse", publishedAt: minutesAfter(WRITTEN_AT, 60 * 24) });
    const elsewhere = { blog: await createBlog(t.stores, { title: "Another blog" }), author: owner.author };
    await createPost(t.stores, elsewhere, { title: "Someone else's lighthouse" });

    expect((await titlesFound("lighthouse")).sort()).toEqual(["About the lighthouse", "Published lighthouse"]);
    expect((await search("lighthouse")).total).toBe(2);
  });

  it("follows every change to a post: its title, its text, its labels, unpublishing and deleting", async () => {
    const post = await createPost(t.stores, owner, { title: "Pier repairs", ...paragraphs("Larch piles from the valley."), labels: ["news"] });
    const at = (minutes: number) => minutesAfter(WRITTEN_AT, minutes);

    await t.stores.posts.update(post.id, { title: "Pier rebuilt", ...paragraphs("Concrete after all."), labels: ["council"] }, at(1));
    expect(await titlesFound("repairs")).toEqual([]);
    expect(await titlesFound("larch")).toEqual([]);
    expect(await titlesFound("news")).toEqual([]);
    expect(await titlesFound("rebuilt concrete council")).toEqual(["Pier rebuilt"]);

    await t.stores.posts.update(post.id, { title: "Pier reopened" }, at(2));
    expect(await titlesFound("reopened concrete council")).toEqual(["Pier reopened"]);
    await t.stores.posts.update(post.id, { labels: ["harbour"] }, at(3));
    expect(await titlesFound("council")).toEqual([]);
    expect(await titlesFound("reopened harbour")).toEqual(["Pier reopened"]);

    await t.stores.posts.update(post.id, { status: "draft", publishedAt: null, path: null }, at(4));
    expect(await titlesFound("reopened")).toEqual([]);
    await t.stores.posts.update(post.id, { status: "published", publishedAt: WRITTEN_AT, path: "/2010/11/pier.html" }, at(5));
    expect(await titlesFound("reopened")).toEqual(["Pier reopened"]);

    expect(await t.stores.posts.delete(post.id)).toBe(true);
    expect(await search("reopened")).toEqual({ hits: [], total: 0 });
  });

  it("follows a change of HTML alone, as copying an imported post's images makes one", async () => {
    const post = await createPost(t.stores, owner, { title: "Dusk", ...paragraphs('<img src="https://old.example/pier.png" alt="">The pier.'), labels: ["photos"] });
    await t.stores.posts.update(post.id, paragraphs('<img src="/media/pier.png" alt="">The pier at dusk, with lamps.'), post.updatedAt);

    expect(await titlesFound("lamps")).toEqual(["Dusk"]);
    expect(await titlesFound("dusk photos")).toEqual(["Dusk"]);
  });

  it("forgets a post whose saving was rolled back", async () => {
    const failure = await t.stores
      .transaction(async (tx) => {
        await createPost(tx, owner, { title: "Half-written thought" });
        throw new Error("the rest of the save failed");
      })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(Error);
    expect(await search("thought")).toEqual({ hits: [], total: 0 });
  });

  it("counts every result and hands them out a page at a time, best first", async () => {
    for (let day = 0; day < 5; day++) {
      await createPost(t.stores, owner, { title: `Tide table ${day}`, ...paragraphs("High water at noon."), publishedAt: minutesAfter(WRITTEN_AT, day * 24 * 60) });
    }
    await createPost(t.stores, owner, { title: "Weather", ...paragraphs("No tide today.") });

    const all = await search("tide", { limit: 10, offset: 0 });
    expect(all.total).toBe(6);
    expect(all.hits.map((hit) => hit.post.title)).toEqual(["Tide table 4", "Tide table 3", "Tide table 2", "Tide table 1", "Tide table 0", "Weather"]);
    const second = await search("tide", { limit: 2, offset: 2 });
    expect(second.total).toBe(6);
    expect(second.hits.map((hit) => hit.post.title)).toEqual(["Tide table 2", "Tide table 1"]);
    expect((await search("tide", { limit: 2, offset: 6 })).hits).toEqual([]);
  });

  it("gives each result its post, labels included, and the plain text of its body for a snippet", async () => {
    const html = '<h2>Fish &amp; chips</h2><p>At the <em>harbour</em> kiosk, 3 &lt; 4 kroner.</p><figure><img src="/a.png" alt="kiosk"><figcaption>The kiosk</figcaption></figure>';
    const post = await createPost(t.stores, owner, { title: "Supper", html, labels: ["food"] });

    const { hits } = await search("kiosk");
    expect(hits).toHaveLength(1);
    expect(hits[0]!.post).toEqual(post);
    expect(hits[0]!.text).toBe(plainTextFromHtml(html));
    expect(hits[0]!.text).toBe("Fish & chips At the harbour kiosk, 3 < 4 kroner. The kiosk");
  });

  it("reads a hostile search as plain words: nothing in it is query syntax, and nothing fails", async () => {
    await createPost(t.stores, owner, { title: "Harbour lights", ...paragraphs("The aurora, seen from the quay.") });
    await createPost(t.stores, owner, { title: "Another post", ...paragraphs("Nothing to see.") });

    for (const query of HOSTILE_QUERIES) {
      const results = await search(query);
      expect(results.total, query).toBe(results.hits.length);
    }
    // Operators and quotes around a word are not operators: each finds what the word finds.
    for (const query of ['"harbour', 'harbour"', "harbour*", "-harbour", "(harbour", "harbour)", "^harbour", "harbour:*", "\u0000harbour"]) {
      expect(await titlesFound(query), query).toEqual(["Harbour lights"]);
    }
    // "title:" is no column filter and "NEAR(" no operator: they are words the post lacks.
    expect(await titlesFound("title:harbour")).toEqual([]);
    expect(await titlesFound("NEAR(harbour lights")).toEqual([]);
    expect(await titlesFound("' OR 1=1 --")).toEqual([]);
    expect((await titlesFound("'; DROP TABLE posts; --")).length).toBe(0);
    expect(await titlesFound("aurora")).toEqual(["Harbour lights"]);
  });

  it("finds nothing, without asking the database, for a search with no letters or digits", async () => {
    await createPost(t.stores, owner, { title: "Anything" });

    expect(await search("!!! --- ***")).toEqual({ hits: [], total: 0 });
    expect(await t.stores.posts.search(owner.blog.id, [], { limit: 10, offset: 0 })).toEqual({ hits: [], total: 0 });
  });

  it("saves a very long post and finds it by a word near its start", async () => {
    // About 270,000 characters of different words: past what the index keeps of a post.
    const words = Array.from({ length: 30_000 }, (_, i) => `w${i.toString(36)}x${(i * 7919).toString(36)}`);
    const post = await createPost(t.stores, owner, { title: "A long one", html: `<p>Zanzibar ${words.join(" ")} Timbuktu</p>` });

    expect((await search("zanzibar")).hits.map((hit) => hit.post.id)).toEqual([post.id]);
    expect((await search(words[100]!)).hits.map((hit) => hit.post.id)).toEqual([post.id]);
    // The end lies past the part of the text the index keeps.
    expect(await search("timbuktu")).toEqual({ hits: [], total: 0 });
  });

  it("finds the posts an import brought in, and nothing a dry run tried", async () => {
    await createUser(t.stores, { role: "owner" });
    const imports = createImportService({ stores: t.stores, clock: fakeClock("2025-03-10T12:00:00Z").now });

    await imports.run(owner.blog, streamOf(smallBlog()), { dryRun: true });
    expect(await search("quoted passage")).toEqual({ hits: [], total: 0 });

    await imports.run(owner.blog, streamOf(smallBlog()), { dryRun: false });
    expect(await titlesFound("quoted passage")).toEqual(["Holy Moses!"]);
    expect(await titlesFound("travel")).toEqual(["A mass exodus"]);
    expect(await titlesFound("dusk")).toHaveLength(1);
    expect(await titlesFound("secret")).toEqual([]);

    // Importing the same file again with an edited title updates the post, and what finds it.
    await imports.run(owner.blog, streamOf(smallBlog("Holy Moses, once more")), { dryRun: false });
    expect(await titlesFound("quoted passage")).toEqual(["Holy Moses, once more"]);
  });
});
