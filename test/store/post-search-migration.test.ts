import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plainTextFromHtml } from "../../src/content/index.js";
import { searchWords } from "../../src/domain/search-words.js";
import { migrateToLatest } from "../../src/store/index.js";
import { storesOver, testDialects } from "../support/databases.js";
import { emptyDatabase, migrateUpTo } from "../support/old-schemas.js";

// A blog that has run for years upgrades to the Longhand with search: its posts must be
// found from the first search, without anyone saving them again.

const dialects = await testDialects();

/** The HTML of a post written before search existed, with the markup Longhand stores. */
const OLD_HTML =
  '<h2>Fish &amp; chips</h2>\n<p>At the <em>harb</em>our kiosk, 3 &lt; 4 kroner&#x2014;&quot;cheap&quot;.</p>\n' +
  '<figure><img src="/media/kiosk.png" alt="The kiosk"><figcaption>The kiosk at Strandkaia</figcaption></figure>\n' +
  "<ul><li>cod</li><li>plaice</li></ul><pre><code>price &gt; 40</code></pre><p>Crème brûlée&nbsp;too.</p>";

describe.each(dialects.map((d) => [d.name, d] as const))("the search index of posts written before it, on %s", (name) => {
  let old: Awaited<ReturnType<typeof emptyDatabase>>;
  let blogId: number;
  const ids: Record<string, number> = {};

  beforeEach(async () => {
    old = await emptyDatabase(name, "search");
    await old.locked(() => migrateUpTo(old.database, "0004-feeds-and-search"));
    // Written with SQL, as the Longhand of that time stored them.
    const db = old.database.db;
    const now = "2010-11-28T13:42:00.000Z";
    blogId = (await sql<{ id: number }>`insert into blogs (title, time_zone, locale, created_at, updated_at) values ('Old blog', 'UTC', 'en-US', ${now}, ${now}) returning id`.execute(db)).rows[0]!.id;
    const authorId = (await sql<{ id: number }>`insert into users (name, email, password_hash, role, created_at) values ('Min', 'min@example.com', 'x', 'owner', ${now}) returning id`.execute(db)).rows[0]!.id;
    const addPost = async (slug: string, status: string, title: string, html: string) => {
      const path = status === "published" ? `/2010/11/${slug}.html` : null;
      ids[slug] = (
        await sql<{ id: number }>`insert into posts (blog_id, kind, status, title, slug, path, source, html, excerpt, author_id, published_at, created_at, updated_at)
          values (${blogId}, 'post', ${status}, ${title}, ${slug}, ${path}, ${html}, ${html}, '', ${authorId}, ${now}, ${now}, ${now}) returning id`.execute(db)
      ).rows[0]!.id;
    };
    await addPost("supper", "published", "Supper on the quay", OLD_HTML);
    await addPost("draft", "draft", "Kiosk thoughts", "<p>Not ready.</p>");
    for (let n = 0; n < 450; n++) await addPost(`filler-${n}`, "published", `Filler ${n}`, `<p>Filler text ${n}.</p>`);
    const labelId = (await sql<{ id: number }>`insert into labels (blog_id, name, name_key) values (${blogId}, 'Food', 'food') returning id`.execute(db)).rows[0]!.id;
    await sql`insert into post_labels (post_id, label_id) values (${ids.supper}, ${labelId})`.execute(db);
  });
  afterEach(() => old.dispose());

  it("indexes every existing post when the schema is brought up to date, with the text the app would index", async () => {
    await old.locked(() => migrateToLatest(old.database));
    const stores = storesOver(old.database);
    const search = (query: string) => stores.posts.search(blogId, searchWords(query), { limit: 10, offset: 0 });
    const found = async (query: string) => (await search(query)).hits.map((hit) => hit.post.id);

    expect(await found("supper")).toEqual([ids.supper]);
    expect(await found("harbour kiosk")).toEqual([ids.supper]);
    expect(await found("food")).toEqual([ids.supper]);
    expect(await found("creme brulee")).toEqual([ids.supper]);
    expect(await found("thoughts")).toEqual([]);
    // Read in batches: the last of 452 posts is found like the first.
    expect(await found("filler 449")).toEqual([ids["filler-449"]]);
    expect((await search("filler")).total).toBe(450);
    expect((await search("kiosk")).hits[0]!.text).toBe(plainTextFromHtml(OLD_HTML));
  });
});
