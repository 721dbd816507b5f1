import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nameNeedingSharedFixtures, skipWithoutSharedFixtures } from "../content/shared-fixtures.js";
import { traversalPayloads } from "../support/hostile-lists.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// Every line of the directory-traversal list goes into every route that takes a name: the
// media and theme files, the dashboard's static assets and media library, pages, posts,
// labels, archives and feeds. None may hand out a file from outside its own folder, nor fail
// with a server error. Each line is tried as the list gives it (often already
// percent-encoded) and with its slashes kept raw, as an attacker would send it.

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Routes that take a name, with the name in its place. */
const NAMED_ROUTES: ((name: string) => string)[] = [
  (n) => `/media/${n}`,
  (n) => `/theme/${n}`,
  (n) => `/theme/classic/${n}`,
  (n) => `/admin/assets/${n}`,
  (n) => `/p/${n}`,
  (n) => `/2025/01/${n}`,
  (n) => `/search/label/${n}`,
  (n) => `/feeds/posts/default/-/${n}`,
  (n) => `/admin/media/${n}`,
  (n) => `/admin/posts/${n}`,
  (n) => `/admin/import/${n}`,
  (n) => `/admin/export/${n}`,
];

/** Lines of files that must never be served, each long and particular enough to name its file. */
function secretsOf(blog: TestBlog): { file: string; marker: string }[] {
  const firstLine = (file: string) => fs.readFileSync(file, "utf8").split("\n").find((line) => line.trim().length > 12)!.trim();
  return [
    { file: "/etc/passwd", marker: "root:x:0:0:" },
    { file: "/etc/hostname", marker: fs.existsSync("/etc/hostname") ? fs.readFileSync("/etc/hostname", "utf8").trim() || "\u0000" : "\u0000" },
    { file: "package.json", marker: '"name": "longhand"' },
    { file: "tsconfig.json", marker: firstLine(path.join(PROJECT_ROOT, "tsconfig.json")) === "{" ? '"compilerOptions"' : firstLine(path.join(PROJECT_ROOT, "tsconfig.json")) },
    { file: "the SQLite file", marker: "SQLite format 3" },
    { file: "src/main.ts", marker: "export async function buildLonghand" },
    { file: "win.ini", marker: "[fonts]" },
  ].filter((secret) => secret.marker !== "\u0000" && (secret.file !== "the SQLite file" || fs.existsSync(path.join(blog.dataDir, "longhand.db"))));
}

/** The payload as the list gives it, and with raw slashes where it had encoded or backslashed ones. */
function spellings(payload: string): string[] {
  const raw = payload.replace(/\\/g, "/");
  return [...new Set([payload.replace(/ /g, "%20"), raw.replace(/ /g, "%20")])];
}

describe.skipIf(skipWithoutSharedFixtures)("directory traversal through every named route", () => {
  let blog: TestBlog;
  let author: InjectClient;
  beforeAll(async () => {
    blog = await startTestBlog();
    author = await signIn(blog.longhand.app);
    // A picture in the media folder, so the media route has something of its own to serve.
    fs.writeFileSync(path.join(blog.dataDir, "media", "harbour.txt"), "a media file");
  });
  afterAll(() => blog?.dispose());

  it(nameNeedingSharedFixtures("serves no file from outside, signed in or not, and never fails"), async () => {
    const payloads = traversalPayloads();
    expect(payloads.length).toBeGreaterThan(100);
    const secrets = secretsOf(blog);
    const problems: string[] = [];
    for (const payload of payloads) {
      for (const route of NAMED_ROUTES) {
        // The file servers see both spellings; the routing of the other routes, the list's own.
        const isFileServer = /^\/(media|theme|admin\/assets)\//.test(route("x"));
        for (const name of isFileServer ? spellings(payload) : [payload.replace(/ /g, "%20")]) {
          const url = route(name);
          const get = url.startsWith("/admin/") && !url.startsWith("/admin/assets/") ? author.get : (u: string) => blog.longhand.app.inject({ url: u });
          // A request left unanswered (as one once was) fails here, not by the suite's timeout.
          const response = await Promise.race([get(url), new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))]);
          if (response === null) {
            problems.push(`${url} was never answered`);
            continue;
          }
          if (response.statusCode >= 500) problems.push(`${url} answered ${response.statusCode}`);
          for (const secret of secrets) if (response.body.includes(secret.marker)) problems.push(`${url} served ${secret.file}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it("still serves what is inside: the check is able to see a served file", async () => {
    const media = await blog.longhand.app.inject({ url: "/media/harbour.txt" });
    expect(media.statusCode).toBe(200);
    expect(media.body).toBe("a media file");
    const css = await blog.longhand.app.inject({ url: "/theme/style.css" });
    expect(css.statusCode).toBe(200);
  });
});
