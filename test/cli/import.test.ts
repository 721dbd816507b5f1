import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createStores, openDatabase } from "../../src/store/index.js";
import { runCli, temporaryFolders } from "../support/cli-run.js";

// Someone moving their WordPress blog to Longhand runs `longhand import` on the export file.


const tempDir = temporaryFolders("longhand-import-");

/** A WordPress export with one post, its two comments (one a reply) and a draft. */
function wxr(title = "The ferry was late"): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Harbour Notes</title>
  <link>https://harbour.example</link>
  <description>Boats and tides</description>
  <language>en-GB</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login>mara</wp:author_login><wp:author_email>mara@harbour.example</wp:author_email><wp:author_display_name>Mara Lind</wp:author_display_name></wp:author>
  <item>
    <title>${title}</title>
    <link>https://harbour.example/2019/03/ferry-late/</link>
    <dc:creator>mara</dc:creator>
    <content:encoded><![CDATA[<p>The ferry came in <em>forty minutes</em> late.</p><script>alert(1)</script>]]></content:encoded>
    <wp:post_id>7</wp:post_id>
    <wp:post_date>2019-03-09 08:15:00</wp:post_date>
    <wp:post_date_gmt>2019-03-09 08:15:00</wp:post_date_gmt>
    <wp:comment_status>open</wp:comment_status>
    <wp:post_name>ferry-late</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
    <category domain="category" nicename="ferries"><![CDATA[Ferries]]></category>
    <wp:comment>
      <wp:comment_id>101</wp:comment_id>
      <wp:comment_author>Jonas</wp:comment_author>
      <wp:comment_date>2019-03-09 10:00:00</wp:comment_date>
      <wp:comment_date_gmt>2019-03-09 10:00:00</wp:comment_date_gmt>
      <wp:comment_content>Saw it too.</wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>102</wp:comment_id>
      <wp:comment_author>Mara Lind</wp:comment_author>
      <wp:comment_author_email>mara@harbour.example</wp:comment_author_email>
      <wp:comment_date>2019-03-09 11:00:00</wp:comment_date>
      <wp:comment_date_gmt>2019-03-09 11:00:00</wp:comment_date_gmt>
      <wp:comment_content>It usually is.</wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_parent>101</wp:comment_parent>
    </wp:comment>
  </item>
  <item>
    <title>Half a thought</title>
    <content:encoded><![CDATA[Not yet.]]></content:encoded>
    <wp:post_id>8</wp:post_id>
    <wp:post_date>2019-03-10 08:00:00</wp:post_date>
    <wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>
    <wp:post_name></wp:post_name>
    <wp:status>draft</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>
</channel>
</rss>
`;
}

const FERRY_PATH = "/2019/03/ferry-late.html";

/** A blog's data folder with the demo blog in it, and a file to import. */
async function setUp(fileText: string, name = "export.xml") {
  const dataDir = tempDir();
  const env = { LONGHAND_DATA: dataDir, LONGHAND_ADMIN_EMAIL: "me@example.com", LONGHAND_ADMIN_PASSWORD: "a long passphrase", LONGHAND_LOG_LEVEL: "silent" };
  expect((await runCli(["init"], env)).code).toBe(0);
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, fileText);
  return { env, file, dataDir };
}

/** Reads the blog straight from its database: its title, every post's path and title, and comment counts. */
async function blogContents(dataDir: string) {
  const database = openDatabase({ dataDir, databaseUrl: null });
  try {
    const stores = createStores(database.db);
    const blog = (await stores.blogs.first())!;
    const posts: string[] = [];
    for (const status of ["draft", "published"] as const) {
      for (const post of await stores.posts.listForDashboard(blog.id, "post", status)) {
        posts.push(`${status} ${post.path ?? "-"} ${post.title} (${(await stores.comments.listShown(post.id)).map((c) => `${c.number}${c.parentId ? "↳" : ""}`).join(",")})`);
      }
    }
    return { title: blog.title, posts: posts.sort(), toFerry: await stores.redirects.postIdFor("/?p=7") };
  } finally {
    await database.close();
  }
}

describe("longhand import", () => {
  it("imports a WordPress export, reports what it did, and imports it again without duplicating", async () => {
    const { env, file, dataDir } = await setUp(wxr());

    const first = await runCli(["import", file], env);

    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toContain("(wordpress)");
    expect(first.out).toMatch(/posts: +2\b/);
    expect(first.out).toMatch(/comments: +2\b/);
    expect(first.out).toMatch(/labels: +1\b/);
    expect(first.out).toMatch(/authors: +1 matched/);
    const after = await blogContents(dataDir);
    expect(after.title).toBe("Harbour Notes");
    expect(after.posts).toContain(`published ${FERRY_PATH} The ferry was late (1,2↳)`);
    expect(after.posts).toContain("draft - Half a thought ()");
    expect(after.toFerry).not.toBeNull();

    const again = await runCli(["import", file], env);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/posts: +0\b/);
    expect(again.out).toMatch(/updated: +4\b/);
    expect(await blogContents(dataDir)).toEqual(after);
  });

  it("makes a brand-new data folder hold the imported blog alone, without the demo posts", async () => {
    const dataDir = tempDir();
    const file = path.join(tempDir(), "export.xml");
    fs.writeFileSync(file, wxr());
    const env = { LONGHAND_DATA: dataDir, LONGHAND_ADMIN_EMAIL: "me@example.com", LONGHAND_ADMIN_PASSWORD: "a long passphrase", LONGHAND_LOG_LEVEL: "silent" };

    const imported = await runCli(["import", file], env);

    expect(imported.code).toBe(0);
    const contents = await blogContents(dataDir);
    expect(contents.title).toBe("Harbour Notes");
    expect(contents.posts).toHaveLength(2);
    expect(contents.posts.join("\n")).not.toContain("pier");
    expect(fs.existsSync(path.join(dataDir, "media", "harbour-at-dusk.png"))).toBe(false);
  });

  it("stores nothing on --dry-run, and says so", async () => {
    const { env, file, dataDir } = await setUp(wxr());
    const before = await blogContents(dataDir);

    const dry = await runCli(["import", file, "--dry-run", "--format", "wordpress"], env);

    expect(dry.code).toBe(0);
    expect(dry.out).toContain("nothing was stored");
    expect(dry.out).toMatch(/posts: +2\b/);
    expect(await blogContents(dataDir)).toEqual(before);
  });

  it("names the line of a file that breaks off, and leaves the blog as it was", async () => {
    const whole = wxr();
    const { env, file, dataDir } = await setUp(whole.slice(0, whole.indexOf("<title>Half a thought")));
    const before = await blogContents(dataDir);

    const result = await runCli(["import", file], env);

    expect(result.code).toBe(1);
    expect(result.err).toMatch(/line \d+/);
    expect(result.err).toContain("Nothing was imported");
    expect(await blogContents(dataDir)).toEqual(before);
  });

  it("refuses a file that is not there, before touching any data", async () => {
    const dataDir = tempDir();
    const result = await runCli(["import", path.join(dataDir, "missing.xml")], { LONGHAND_DATA: dataDir });
    expect(result.code).toBe(1);
    expect(result.err).toContain("no such file");
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it("refuses an unknown --format, naming the ones it knows", async () => {
    const { env, file } = await setUp(wxr());
    const result = await runCli(["import", file, "--format", "livejournal"], env);
    expect(result.code).toBe(2);
    expect(result.err).toContain('unknown format "livejournal"');
    expect(result.err).toContain("wordpress");
  });

  it("refuses a file that is no export it knows, and leaves the blog as it was", async () => {
    const { env, file, dataDir } = await setUp("Dear diary, today I moved my blog.\n", "notes.txt");
    const before = await blogContents(dataDir);
    const result = await runCli(["import", file], env);
    expect(result.code).toBe(1);
    expect(result.err).toContain("is not an export Longhand recognises");
    expect(await blogContents(dataDir)).toEqual(before);
  });

  it("asks for the file when none is named", async () => {
    const result = await runCli(["import"], { LONGHAND_DATA: tempDir() });
    expect(result.code).toBe(2);
    expect(result.err).toContain('"import" needs the export file');
  });
});
