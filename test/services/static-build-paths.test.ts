import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertPlainFile, fileOfAddress, labelAddress, labelFolder, postFile } from "../../src/services/static-build/static-paths.js";
import { createPost } from "../factories/store-records.js";
import { nameNeedingSharedFixtures, readSharedFixture, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";
import { temporaryFolders } from "../support/cli-run.js";
import { decodeEntities, findAll, findOne } from "../support/page-reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";
import { serveStatic, type StaticServer } from "./static-build-server.js";

// Label names and slugs come from imports of other people's blogs: whatever they are, the
// static site's files stay inside the folder it is built into, and every label still has a
// listing its links lead to.

/** Hostile names of Longhand's own, so a lone clone tests them too. */
const OWN_HOSTILE_NAMES = [
  "..",
  ".",
  "../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "a/b",
  "/absolute",
  "nul\u0000byte",
  "line\nbreak",
  ".hidden",
  "_",
  "trailing dot.",
  "trailing space ",
  "CON:",
  "x".repeat(300),
  "ü".repeat(150),
  "%2e%2e%2f%2e%2e%2f",
  "..%2F..%2F",
  "Cafe\u0301", // not NFC
  "page",
  "index.html",
];

describe("where a label's listing lives", () => {
  it("is the label itself for a plain name, and the address a static server decodes names that file", () => {
    expect(labelFolder("North Korea")).toEqual(["North Korea"]);
    expect(labelAddress("North Korea")).toBe("/search/label/North%20Korea/");
    expect(fileOfAddress(labelAddress("North Korea"))).toBe("search/label/North Korea/index.html");
    expect(labelAddress("한국 / 북한")).toMatch(/^\/search\/label\/_\/[0-9a-f]{16}\/$/);
    expect(labelAddress("C++")).toBe("/search/label/C%2B%2B/");
  });

  it.each(OWN_HOSTILE_NAMES)("stays one plain folder below search/label for %j", (name) => {
    const folder = labelFolder(name);
    const file = ["search", "label", ...folder, "index.html"].join("/");
    expect(() => assertPlainFile(file)).not.toThrow();
    expect(fileOfAddress(labelAddress(name))).toBe(file);
    expect(path.posix.normalize(file)).toBe(file);
    expect(folder.length === 1 ? folder[0] : folder[1]).not.toMatch(/[/\\\u0000]/);
  });

  it.skipIf(skipWithoutSharedFixtures)(nameNeedingSharedFixtures("stays inside for every directory traversal payload, each label in a folder of its own"), () => {
    const names = readSharedFixture("payloads/Directory_Traversal__directory_traversal.txt").split("\n").filter(Boolean);
    expect(names.length).toBeGreaterThan(50);
    const files = new Set<string>();
    for (const name of names) {
      const file = fileOfAddress(labelAddress(name));
      expect(() => assertPlainFile(file), name).not.toThrow();
      expect(file.startsWith("search/label/"), name).toBe(true);
      expect(file.split("/").length, name).toBeLessThanOrEqual(5);
      files.add(file);
    }
    expect(files.size).toBe(new Set(names).size);
  });
});

describe("a post's file", () => {
  it("is its address when Longhand made it, and none for any other path", () => {
    expect(postFile("post", "/2010/11/a-mass-exodus.html")).toEqual({ file: "2010/11/a-mass-exodus.html" });
    expect(postFile("page", "/p/about.html")).toEqual({ file: "p/about.html" });
    for (const hostile of ["/2010/11/../../../etc/passwd.html", "/2010/11/a/b.html", "/../x.html", "/p/..html", "/2010/13/x.html", "/p/about.html/..", `/2010/11/${"a".repeat(300)}.html`]) {
      expect(postFile("post", hostile), hostile).toHaveProperty("reason");
      expect(postFile("page", hostile), hostile).toHaveProperty("reason");
    }
    expect(postFile("page", "/2010/11/a-mass-exodus.html")).toHaveProperty("reason");
  });

  it("refuses any path that could leave the folder", () => {
    for (const bad of ["", "/etc/passwd", "a/../../b", "..", "a/./b", "a//b", "a\\b", "a\u0000b", "a/", `a/${"ü".repeat(200)}`]) {
      expect(() => assertPlainFile(bad), JSON.stringify(bad)).toThrow(/not a plain path/);
    }
  });
});

describe("a blog whose imports brought hostile labels and addresses", () => {
  const tempDir = temporaryFolders("longhand-static-hostile-");
  let blog: TestBlog;
  let server: StaticServer | null = null;
  let labels: string[];
  beforeAll(async () => {
    blog = await startTestBlog();
    const { stores, instance } = blog.longhand;
    const [author] = await stores.users.list();
    const shared = skipWithoutSharedFixtures ? [] : readSharedFixture("payloads/Directory_Traversal__directory_traversal.txt").split("\n").filter(Boolean).slice(0, 60);
    // Labels differ by more than case; one post carries a handful of them.
    const seen = new Set<string>();
    labels = [...OWN_HOSTILE_NAMES, ...shared].filter((l) => !seen.has(l.toLowerCase()) && seen.add(l.toLowerCase()));
    for (let i = 0; i < labels.length; i += 8) {
      await createPost(stores, { blog: instance.blog, author: author! }, { slug: `hostile-${i}`, path: `/2011/02/hostile-${i}.html`, publishedAt: new Date("2011-02-03T10:00:00Z"), labels: labels.slice(i, i + 8) });
    }
    for (const [i, badPath] of ["/2011/02/../../../../outside.html", "/../outside.html", "/p/../../outside.html", "/2011/02/index.html"].entries()) {
      await createPost(stores, { blog: instance.blog, author: author! }, { slug: `bad-${i}`, path: badPath, publishedAt: new Date("2011-02-04T10:00:00Z"), labels: [] });
    }
  });
  afterEach(async () => {
    await server?.close();
    server = null;
  });
  afterAll(() => blog?.dispose());

  it("writes every file inside the folder, a listing for every label, and names the posts it left out", async () => {
    const parent = tempDir();
    const out = path.join(parent, "site");
    const report = await blog.longhand.staticSite.build(out, { commentsTo: null, threads: 0 });

    expect(fs.readdirSync(parent)).toEqual(["site"]);
    const root = fs.realpathSync(out);
    for (const entry of fs.readdirSync(out, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
      const full = fs.realpathSync(path.join(entry.parentPath, entry.name));
      expect(full === root || full.startsWith(root + path.sep), full).toBe(true);
      expect(entry.isSymbolicLink()).toBe(false);
    }
    expect(report.leftOut.map((l) => l.address).sort()).toEqual(["/../outside.html", "/2011/02/../../../../outside.html", "/2011/02/index.html", "/p/../../outside.html"]);
    expect(report.leftOut.find((l) => l.address === "/2011/02/index.html")!.reason).toContain("2011/02/index.html is already the page /2011/02/");

    server = await serveStatic(out);
    const home = (await server.get("/")).body;
    const links = findAll(findOne(home, { tag: "section", className: "labels" }).inner, { tag: "a" });
    const shown = new Set(links.map((a) => decodeEntities(a.inner)));
    for (const label of labels.filter((l) => !l.includes("\u0000"))) expect(shown.has(label), JSON.stringify(label)).toBe(true);
    for (const link of links) {
      const page = await server.get(decodeEntities(link.attrs.href!));
      expect(page.status, link.attrs.href).toBe(200);
      expect(decodeEntities(findOne(page.body, { tag: "h1", className: "listing-heading" }).inner)).toBe(`Posts labelled “${decodeEntities(link.inner)}”`);
    }
  });
});
