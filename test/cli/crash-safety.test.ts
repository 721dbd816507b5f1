import SqliteDatabase from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { addressOf, commentForm, tallyStoredComments } from "../../scripts/bench/comment-posts.js";
import { ensureBuilt, startLonghand, type LonghandServer } from "../../scripts/bench/child-server.js";
import { storesFor } from "../../src/main.js";
import { openDatabase, sqliteFile } from "../../src/store/index.js";
import { temporaryFolders } from "../support/cli-run.js";
import { form, hiddenField } from "../support/http-session.js";
import { MAIN_POST } from "../support/reader.js";
import { OWNER } from "../support/test-blog.js";

// The server is killed outright (SIGKILL, as the kernel's out-of-memory killer or a crash
// would) while readers post comments and the author saves a post over and over. Whatever it
// answered with success must be there after a restart, and the database must be whole.

const dataDir = temporaryFolders("longhand-crash-");
const CRASH_COMMENT = /^Crash comment #(\d+)\b/;
const SAVE = /^Save #(\d+)\.$/;

/** The author, signed in over HTTP through the real sign-in form. */
async function signInOver(base: string): Promise<{ post(path: string, fields: Record<string, string>): Promise<Response> }> {
  const page = await fetch(`${base}/admin/sign-in`);
  const firstCookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const signedIn = await fetch(`${base}/admin/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base, cookie: firstCookie },
    body: form({ email: OWNER.email, password: OWNER.password, next: "/admin", _csrf: hiddenField(await page.text(), "_csrf") }),
  });
  if (signedIn.status !== 303) throw new Error(`sign-in answered ${signedIn.status}`);
  const cookie = signedIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const csrf = hiddenField(await (await fetch(`${base}/admin`, { headers: { cookie } })).text(), "_csrf");
  return {
    post: (path, fields) =>
      fetch(base + path, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", origin: base, cookie }, body: form({ _csrf: csrf, ...fields }) }),
  };
}

const postFields = (source: string) => ({ kind: "post", title: "Storm log", slug: "storm-log", labels: "", source, comments_open: "on", publish_at: "", action: "publish" });

describe("a crash in the middle of writes", () => {
  let server: LonghandServer | undefined;
  beforeAll(() => void ensureBuilt(), 300_000);
  afterEach(async () => {
    await server?.kill();
    server = undefined;
  });

  it("keeps every write it answered with success, and the database passes its integrity check", { timeout: 120_000 }, async () => {
    const dir = dataDir();
    const env = { LONGHAND_ADMIN_EMAIL: OWNER.email, LONGHAND_ADMIN_PASSWORD: OWNER.password, LONGHAND_LOG_LEVEL: "warn" };
    server = await startLonghand(dir, env);
    const base = server.base;
    const author = await signInOver(base);
    const created = await author.post("/admin/posts", postFields("Save #0."));
    expect(created.status).toBe(303);
    const postId = Number(/\/admin\/posts\/(\d+)/.exec(created.headers.get("location") ?? "")?.[1]);
    const comments = await commentForm(base, MAIN_POST);

    const outcome = new Map<number, number>();
    let lastSaved = 0;
    let crashed = false;
    let nextComment = 0;
    const commenter = async () => {
      while (!crashed) {
        const n = nextComment++;
        const body = form({ name: `Reader ${n}`, url: "", email: "", body: `Crash comment #${n} about the storm.`, form_token: comments.token });
        const headers = { "content-type": "application/x-www-form-urlencoded", origin: base, "x-forwarded-for": addressOf(n, 5000) };
        const answer = await fetch(base + comments.action, { method: "POST", redirect: "manual", headers, body }).catch(() => null);
        if (answer) outcome.set(n, answer.status);
      }
    };
    const saver = async () => {
      for (let k = 1; !crashed; k++) {
        const answer = await author.post(`/admin/posts/${postId}`, postFields(`Save #${k}.`)).catch(() => null);
        if (answer?.status === 303) lastSaved = k;
      }
    };
    const accepted = () => [...outcome.values()].filter((status) => status === 303).length;
    const writers = [saver(), ...Array.from({ length: 8 }, commenter)];
    while (accepted() < 60 || lastSaved < 10) {
      if (server.ended()) throw new Error(`the server ended early: ${server.ended()}\n${server.output()}`);
      if (outcome.size > 2000) throw new Error(`too few comments accepted: ${JSON.stringify(tallyStoredComments(outcome, [], CRASH_COMMENT).byStatus)}, ${lastSaved} saves`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await server.kill();
    crashed = true;
    await Promise.all(writers);
    expect(server.ended()).toBe("killed by SIGKILL");

    // The file as the crash left it: SQLite recovers from the write-ahead log on opening.
    const file = new SqliteDatabase(sqliteFile(dir));
    expect(file.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(file.pragma("foreign_key_check")).toEqual([]);
    file.close();

    server = await startLonghand(dir, env);
    expect((await fetch(`${server.base}/readyz`)).status).toBe(200);

    const database = openDatabase({ dataDir: dir, databaseUrl: null });
    try {
      const stores = storesFor(database);
      const stored = [];
      for (const status of ["pending", "approved", "spam", "deleted"] as const) stored.push(...(await stores.comments.listByStatus(1, status, 1_000_000, comments.postId)));
      const tally = tallyStoredComments(outcome, stored.filter((c) => CRASH_COMMENT.test(c.source)), CRASH_COMMENT);
      expect(tally.accepted.length).toBeGreaterThanOrEqual(60);
      expect(tally.missing).toEqual([]);
      expect(tally.duplicated).toEqual([]);
      // A save in flight at the crash may have committed without its answer arriving: never older than the last acknowledged.
      const saved = Number(SAVE.exec((await stores.posts.findById(postId))?.source ?? "")?.[1]);
      expect(saved).toBeGreaterThanOrEqual(lastSaved);
      expect(saved).toBeLessThanOrEqual(lastSaved + 1);
    } finally {
      await database.close();
    }
  });
});
