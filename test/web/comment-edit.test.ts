import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveBlogSettings } from "../support/dashboard-forms.js";
import { fakeClock, MINUTE_MS } from "../support/fake-clock.js";
import { form, signIn } from "../support/http-session.js";
import { anotherReaderAddress, cookiesFrom, sendCommentFrom } from "../support/many-readers.js";
import { fieldValue, findAll, findOne, visibleText } from "../support/page-reader.js";
import { MAIN_POST } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// A reader who spots a typo may fix or take back their comment for 15 minutes, from the
// browser that sent it (which holds a secret cookie for that one comment), and nobody else may.

const clock = fakeClock();
let blog: TestBlog;

interface Sent {
  id: number;
  number: number;
  cookieName: string;
  cookie: string;
}

async function comment(name: string, body: string): Promise<Sent> {
  const sent = await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name, body });
  expect(sent.statusCode).toBe(303);
  const number = Number(/#c(\d+)$/.exec(String(sent.headers.location))?.[1]);
  const [cookieName, value] = Object.entries(cookiesFrom(sent)).find(([n]) => n.startsWith("longhand_edit_"))!;
  return { id: Number(cookieName.replace("longhand_edit_", "")), number, cookieName, cookie: `${cookieName}=${value}` };
}

const page = (cookie?: string) => blog.longhand.app.inject({ method: "GET", url: MAIN_POST, headers: cookie ? { cookie } : {} });
const editPage = (id: number, cookie?: string) => blog.longhand.app.inject({ method: "GET", url: `/comments/${id}/edit`, headers: cookie ? { cookie } : {} });
const edit = (id: number, fields: Record<string, string>, cookie?: string): Promise<LightMyRequestResponse> =>
  blog.longhand.app.inject({
    method: "POST",
    url: `/comments/${id}/edit`,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost:3000", ...(cookie ? { cookie } : {}) },
    payload: form(fields),
  });
const shown = async (number: number) => visibleText(findOne((await page()).body, { tag: "li", id: `c${number}` }).inner);
const editLinks = (html: string) => findAll(html, { tag: "a", className: "comment-edit" }).map((a) => a.attrs.href);

beforeAll(async () => {
  blog = await startTestBlog({ clock: clock.now });
  await saveBlogSettings(await signIn(blog.longhand.app), { moderation: "open" });
});
afterAll(() => blog.dispose());

describe("changing one's own comment", () => {
  it("gives the sender a cookie for that comment, and an Edit link on it alone", async () => {
    const mine = await comment("Ingrid", "The pier has elevn lamps.");

    expect(mine.cookieName).toBe(`longhand_edit_${mine.id}`);
    const withCookie = await page(mine.cookie);
    expect(editLinks(withCookie.body)).toEqual([`/comments/${mine.id}/edit`]);
    expect(findAll(findOne(withCookie.body, { tag: "li", id: `c${mine.number}` }).inner, { className: "comment-edit" })).toHaveLength(1);
    expect(editLinks((await page()).body)).toEqual([]);
  });

  it("shows the edit form and saves the new text", async () => {
    const mine = await comment("Ingrid", "The ferry leaves at sevn.");

    const form = await editPage(mine.id, mine.cookie);
    expect(form.statusCode).toBe(200);
    expect(fieldValue(findOne(form.body, { tag: "form", className: "comment-edit-form" }).outer, "body")).toBe("The ferry leaves at sevn.");

    const saved = await edit(mine.id, { action: "save", body: "The ferry leaves at seven." }, mine.cookie);

    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${MAIN_POST}?comment=edited#c${mine.number}`);
    expect(await shown(mine.number)).toContain("The ferry leaves at seven.");
    expect(await shown(mine.number)).not.toContain("sevn");
  });

  it("refuses an edit that turns the comment into spam, keeping what was published", async () => {
    const mine = await comment("Ingrid", "A fine evening on the pier.");

    const spammed = await edit(mine.id, { action: "save", body: "Buy cheap viagra at https://spam.example/ now" }, mine.cookie);

    expect(spammed.statusCode).toBe(400);
    expect(visibleText(findOne(spammed.body, { className: "form-errors" }).inner)).toContain("not saved");
    // The reader gets their attempted text back in the form, and the page keeps the original.
    expect(fieldValue(findOne(spammed.body, { tag: "form", className: "comment-edit-form" }).outer, "body")).toContain("viagra");
    expect(await shown(mine.number)).toContain("A fine evening on the pier.");
    expect(await shown(mine.number)).not.toContain("viagra");
  });

  it("deletes it, leaving its number in place", async () => {
    const mine = await comment("Ingrid", "On second thought, never mind.");
    const later = await comment("Jon", "A comment after Ingrid's.");

    const deleted = await edit(mine.id, { action: "delete" }, mine.cookie);

    expect(deleted.statusCode).toBe(303);
    const after = (await page()).body;
    const gone = findOne(after, { tag: "li", id: `c${mine.number}` });
    expect(gone.classes).toContain("comment-removed");
    expect(visibleText(gone.inner)).toContain("This comment has been removed");
    expect(after).not.toContain("On second thought, never mind.");
    expect(visibleText(findOne(after, { tag: "li", id: `c${later.number}` }).inner)).toContain("A comment after Ingrid's.");
    expect((await edit(mine.id, { action: "save", body: "Back from the dead." }, mine.cookie)).statusCode).toBe(403);
  });
});

describe("someone else's comment, or one too old", () => {
  it("refuses without the cookie, changing nothing", async () => {
    const theirs = await comment("Kjell", "Kjell's words, to stay as written.");

    expect((await editPage(theirs.id)).statusCode).toBe(403);
    expect((await edit(theirs.id, { action: "save", body: "Vandalised." })).statusCode).toBe(403);
    expect((await edit(theirs.id, { action: "delete" })).statusCode).toBe(403);
    expect(await shown(theirs.number)).toContain("Kjell's words, to stay as written.");
  });

  it("refuses with another comment's cookie, changing nothing", async () => {
    const theirs = await comment("Liv", "Liv's words, also to stay.");
    const mine = await comment("Mallory", "Mallory's own comment.");
    const [, mySecret] = mine.cookie.split("=");

    for (const cookie of [mine.cookie, `longhand_edit_${theirs.id}=${mySecret}`]) {
      expect((await editPage(theirs.id, cookie)).statusCode, cookie).toBe(403);
      expect((await edit(theirs.id, { action: "save", body: "Vandalised." }, cookie)).statusCode, cookie).toBe(403);
      expect((await edit(theirs.id, { action: "delete" }, cookie)).statusCode, cookie).toBe(403);
    }
    expect(await shown(theirs.number)).toContain("Liv's words, also to stay.");
    expect(editLinks((await page(`longhand_edit_${theirs.id}=${mySecret}`)).body)).toEqual([]);
  });

  it("refuses after 15 minutes, even from the right browser, and the Edit link is gone", async () => {
    const mine = await comment("Nils", "Nils wrote this a while ago.");
    expect(editLinks((await page(mine.cookie)).body)).toEqual([`/comments/${mine.id}/edit`]);

    clock.advance(15 * MINUTE_MS + 1000);

    expect((await editPage(mine.id, mine.cookie)).statusCode).toBe(403);
    expect((await edit(mine.id, { action: "save", body: "Too late to change." }, mine.cookie)).statusCode).toBe(403);
    expect((await edit(mine.id, { action: "delete" }, mine.cookie)).statusCode).toBe(403);
    expect(await shown(mine.number)).toContain("Nils wrote this a while ago.");
    expect(editLinks((await page(mine.cookie)).body)).toEqual([]);
  });
});
