import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mediaName } from "../../src/services/media/media-store.js";
import { openDatabase } from "../../src/store/index.js";
import { runCli, temporaryFolders } from "../support/cli-run.js";
import { storesOver } from "../support/databases.js";
import { PNG } from "../services/media/sample-images.js";

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
    <wp:comment>
      <wp:comment_id>103</wp:comment_id>
      <wp:comment_author>Tide Tables Weekly &#187; Late again</wp:comment_author>
      <wp:comment_author_url>https://tides.example/late-ferries/</wp:comment_author_url>
      <wp:comment_date>2019-03-11 09:00:00</wp:comment_date>
      <wp:comment_date_gmt>2019-03-11 09:00:00</wp:comment_date_gmt>
      <wp:comment_content>[&#8230;] a ferry forty minutes late [&#8230;]</wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_type>pingback</wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>104</wp:comment_id>
      <wp:comment_author>Old Harbour Links</wp:comment_author>
      <wp:comment_author_url>https://old-harbour.example/links.html</wp:comment_author_url>
      <wp:comment_date>2019-03-12 09:00:00</wp:comment_date>
      <wp:comment_date_gmt>2019-03-12 09:00:00</wp:comment_date_gmt>
      <wp:comment_content>Ferry news</wp:comment_content>
      <wp:comment_approved>0</wp:comment_approved>
      <wp:comment_type>trackback</wp:comment_type>
      <wp:comment_parent>0</wp:comment_parent>
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

/** Reads the blog straight from its database: its title, every post's path and title, comment numbers, and the links to each post. */
async function blogContents(dataDir: string) {
  const database = openDatabase({ dataDir, databaseUrl: null });
  try {
    const stores = storesOver(database);
    const blog = (await stores.blogs.first())!;
    const posts: string[] = [];
    const links: string[] = [];
    for (const status of ["draft", "published"] as const) {
      for (const post of await stores.posts.listForDashboard(blog.id, "post", status)) {
        posts.push(`${status} ${post.path ?? "-"} ${post.title} (${(await stores.comments.listShown(post.id)).map((c) => `${c.number}${c.parentId ? "↳" : ""}`).join(",")})`);
        for (const mention of await stores.mentions.listAllOfPost(post.id)) links.push(`${post.title}: ${mention.kind} ${mention.status} ${mention.source} "${mention.title}"`);
      }
    }
    return { title: blog.title, posts: posts.sort(), links, toFerry: await stores.redirects.postIdFor("/?p=7") };
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
    expect(first.out).toMatch(/links: +2 pages elsewhere/);
    expect(first.out).toMatch(/labels: +1\b/);
    expect(first.out).toMatch(/authors: +1 matched/);
    const after = await blogContents(dataDir);
    expect(after.title).toBe("Harbour Notes");
    expect(after.posts).toContain(`published ${FERRY_PATH} The ferry was late (1,2↳)`);
    expect(after.posts).toContain("draft - Half a thought ()");
    // Pingbacks and trackbacks are the post's "links to this post", held ones still held.
    expect(after.links.filter((link) => link.startsWith("The ferry was late:"))).toEqual([
      `The ferry was late: pingback approved https://tides.example/late-ferries/ "Tide Tables Weekly » Late again"`,
      `The ferry was late: trackback pending https://old-harbour.example/links.html "Old Harbour Links"`,
    ]);
    expect(after.toFerry).not.toBeNull();

    const again = await runCli(["import", file], env);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/posts: +0\b/);
    expect(again.out).toMatch(/updated: +6\b/);
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

describe("longhand import --fetch-media", () => {
  // The old blog's image host, on this machine: the tests allow loopback with LONGHAND_FETCH_ALLOW_LOOPBACK.
  let origin = "";
  const hits: string[] = [];
  let server: http.Server;
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      hits.push(request.url ?? "");
      if (request.url === "/pier.png") response.writeHead(200, { "content-type": "image/png" }).end(PNG);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** The export with two pictures in its post: one the host has, one it does not. */
  const withPictures = () => wxr().replace("late.</p>", `late.</p><p><img src="${origin}/pier.png" alt="The pier"><img src="${origin}/gone.png" alt="Gone"></p>`);

  async function ferryHtml(dataDir: string): Promise<string> {
    const database = openDatabase({ dataDir, databaseUrl: null });
    try {
      const stores = storesOver(database);
      const blog = (await stores.blogs.first())!;
      return (await stores.posts.findByPath(blog.id, FERRY_PATH))!.html;
    } finally {
      await database.close();
    }
  }

  it("copies the pictures it can into the media folder, and lists the ones it cannot with the reason", async () => {
    const { env, file, dataDir } = await setUp(withPictures());
    hits.length = 0;

    const result = await runCli(["import", file, "--fetch-media"], { ...env, LONGHAND_FETCH_ALLOW_LOOPBACK: "true" });

    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/posts: +2\b/);
    expect(result.out).toContain("Media: 1 image copied, 1 kept at their old address");
    expect(result.out).toContain(`    - ${origin}/gone.png: the server answered 404 Not Found`);
    const name = mediaName(PNG, { extension: "png", mediaType: "image/png" });
    expect(fs.readFileSync(path.join(dataDir, "media", name)).equals(PNG)).toBe(true);
    const html = await ferryHtml(dataDir);
    expect(html).toContain(`<img src="/media/${name}" alt="The pier" />`);
    expect(html).toContain(`<img src="${origin}/gone.png" alt="Gone" />`);
  });

  it("refuses this machine's addresses unless LONGHAND_FETCH_ALLOW_LOOPBACK is true", async () => {
    const { env, file, dataDir } = await setUp(withPictures());
    hits.length = 0;

    const result = await runCli(["import", file, "--fetch-media"], env);

    expect(result.code).toBe(0);
    expect(result.out).toContain("Media: 0 images copied, 2 kept at their old address");
    expect(result.out).toContain(`    - ${origin}/pier.png: 127.0.0.1 is a loopback address (this machine itself)`);
    expect(hits).toEqual([]);
    expect(await ferryHtml(dataDir)).toContain(`<img src="${origin}/pier.png"`);
  });

  it("fetches nothing on a dry run", async () => {
    const { env, file, dataDir } = await setUp(withPictures());
    const mediaBefore = fs.readdirSync(path.join(dataDir, "media")).sort();
    hits.length = 0;

    const dry = await runCli(["import", file, "--dry-run", "--fetch-media"], { ...env, LONGHAND_FETCH_ALLOW_LOOPBACK: "true" });

    expect(dry.code).toBe(0);
    expect(dry.out).toContain("nothing was stored");
    expect(dry.out).toContain("Media: nothing fetched in a dry run.");
    expect(hits).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir, "media")).sort()).toEqual(mediaBefore);
  });

  it("stops with the setting's name when LONGHAND_FETCH_ALLOW_LOOPBACK is not true or false", async () => {
    const { env, file } = await setUp(withPictures());
    const result = await runCli(["import", file, "--fetch-media"], { ...env, LONGHAND_FETCH_ALLOW_LOOPBACK: "yes please" });
    expect(result.code).toBe(2);
    expect(result.err).toContain('LONGHAND_FETCH_ALLOW_LOOPBACK must be true or false, not "yes please"');
  });
});
