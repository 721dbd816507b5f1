import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlogSettings } from "../../src/domain/blog.js";
import type { User } from "../../src/domain/user.js";
import type { NewMediaItem } from "../../src/store/index.js";
import { createBlog, createPost, createUser, minutesAfter, WRITTEN_AT } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";

const dialects = await testDialects();

function newPicture(blogId: number, overrides: Partial<NewMediaItem> = {}): NewMediaItem {
  return { blogId, file: "3f29c0a1b2d4e5f6.jpg", format: "jpeg", bytes: 123_456, width: 3000, height: 2000, originalName: "IMG_0042.JPG", sha256: null, ...overrides };
}

/** A SHA-256 in hex, as the media service records it: 64 digits. */
const hashOf = (digit: string) => digit.repeat(64);

describe.each(dialects.map((d) => [d.name, d] as const))("the media library's rows on %s", (_, dialect) => {
  let t: TestDatabase;
  let owner: { blog: BlogSettings; author: User };
  beforeEach(async () => {
    t = await dialect.create();
    owner = { blog: await createBlog(t.stores), author: await createUser(t.stores) };
  });
  afterEach(() => t.dispose());

  it("reads back a picture as it was stored, found by id and by file, and keeps one row per file", async () => {
    const stored = await t.stores.media.insert(newPicture(owner.blog.id), WRITTEN_AT);
    expect(stored).toEqual({
      id: expect.any(Number),
      blogId: owner.blog.id,
      file: "3f29c0a1b2d4e5f6.jpg",
      format: "jpeg",
      bytes: 123_456,
      width: 3000,
      height: 2000,
      originalName: "IMG_0042.JPG",
      alt: "",
      caption: "",
      status: "processing",
      error: null,
      variants: [],
      createdAt: WRITTEN_AT,
    });
    expect(await t.stores.media.findById(stored.id)).toEqual(stored);
    expect(await t.stores.media.findByFile(owner.blog.id, stored.file)).toEqual(stored);
    expect(await t.stores.media.findByFile(owner.blog.id, "0000000000000000.jpg")).toBeNull();
    await expect(t.stores.media.insert(newPicture(owner.blog.id), WRITTEN_AT)).rejects.toThrow();
    // Another blog may hold the same file.
    const other = await createBlog(t.stores);
    await t.stores.media.insert(newPicture(other.id), WRITTEN_AT);
    expect(await t.stores.media.count(owner.blog.id)).toBe(1);
  });

  it("finds a picture by the hash of its bytes in its own blog only, one picture per hash, and frees the hash when it is removed", async () => {
    const hash = hashOf("a");
    const stored = await t.stores.media.insert(newPicture(owner.blog.id, { sha256: hash }), WRITTEN_AT);
    await t.stores.media.updateText(stored.id, { alt: "Workers on a pier", caption: "Vladivostok" }, WRITTEN_AT);
    expect(await t.stores.media.findBySha256(owner.blog.id, hash)).toMatchObject({ id: stored.id, alt: "Workers on a pier", caption: "Vladivostok" });
    expect(await t.stores.media.findBySha256(owner.blog.id, hashOf("b"))).toBeNull();

    // The same bytes a second time, even under another name, are refused by the database.
    await expect(t.stores.media.insert(newPicture(owner.blog.id, { file: "0000000000000001.jpg", sha256: hash }), WRITTEN_AT)).rejects.toThrow();
    expect(await t.stores.media.count(owner.blog.id)).toBe(1);

    // Another blog's library is its own.
    const other = await createBlog(t.stores);
    expect(await t.stores.media.findBySha256(other.id, hash)).toBeNull();
    const theirs = await t.stores.media.insert(newPicture(other.id, { sha256: hash }), WRITTEN_AT);
    expect(await t.stores.media.findBySha256(other.id, hash)).toMatchObject({ id: theirs.id });
    expect(await t.stores.media.findBySha256(owner.blog.id, hash)).toMatchObject({ id: stored.id });

    await t.stores.media.remove(stored.id);
    expect(await t.stores.media.findBySha256(owner.blog.id, hash)).toBeNull();
    const again = await t.stores.media.insert(newPicture(owner.blog.id, { sha256: hash }), WRITTEN_AT);
    expect(await t.stores.media.findBySha256(owner.blog.id, hash)).toMatchObject({ id: again.id });
  });

  it("lets any number of pictures have no hash, and never finds them by one", async () => {
    for (let i = 0; i < 3; i++) await t.stores.media.insert(newPicture(owner.blog.id, { file: `000000000000000${i}.png`, format: "png", sha256: null }), WRITTEN_AT);
    expect(await t.stores.media.count(owner.blog.id)).toBe(3);
    expect(await t.stores.media.findBySha256(owner.blog.id, "")).toBeNull();
    expect(await t.stores.media.findBySha256(owner.blog.id, "null")).toBeNull();
  });

  it("lists newest first, a page at a time", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await t.stores.media.insert(newPicture(owner.blog.id, { file: `000000000000000${i}.png`, format: "png" }), minutesAfter(WRITTEN_AT, i))).id);
    expect((await t.stores.media.list(owner.blog.id, { limit: 2, offset: 0 })).map((m) => m.id)).toEqual([ids[4], ids[3]]);
    expect((await t.stores.media.list(owner.blog.id, { limit: 2, offset: 4 })).map((m) => m.id)).toEqual([ids[0]]);
    expect(await t.stores.media.count(owner.blog.id)).toBe(5);
  });

  it("keeps alt text, caption, sizes and a failure exactly, and forgets a removed picture", async () => {
    const stored = await t.stores.media.insert(newPicture(owner.blog.id), WRITTEN_AT);
    expect(await t.stores.media.updateText(stored.id, { alt: "Workers on a pier, 100% rain", caption: "Vladivostok, “happier” times" }, WRITTEN_AT)).toBe(true);
    expect(await t.stores.media.updateText(stored.id + 1000, { alt: "x", caption: "" }, WRITTEN_AT)).toBe(false);
    const variants = [{ width: 480, height: 320, format: "webp" as const, file: "3f29c0a1b2d4e5f6-480.webp", bytes: 2048 }];
    await t.stores.media.setProcessed(stored.id, { status: "ready", variants, error: null }, WRITTEN_AT);
    expect(await t.stores.media.findById(stored.id)).toMatchObject({ alt: "Workers on a pier, 100% rain", caption: "Vladivostok, “happier” times", status: "ready", variants, error: null });
    await t.stores.media.setProcessed(stored.id, { status: "failed", variants: [], error: "the file is cut short" }, WRITTEN_AT);
    expect(await t.stores.media.findById(stored.id)).toMatchObject({ status: "failed", variants: [], error: "the file is cut short" });
    await t.stores.media.remove(stored.id);
    expect(await t.stores.media.findById(stored.id)).toBeNull();
  });

  it("finds the posts that show a picture by its address in their Markdown or HTML, and no others", async () => {
    const file = "3f29c0a1b2d4e5f6.jpg";
    const inSource = await createPost(t.stores, owner, { title: "Pier", source: `![Pier](/media/${file} "Caption")`, html: "<p></p>", path: "/2010/11/pier.html" });
    const inHtml = await createPost(t.stores, owner, { title: "Ack", source: "imported", html: `<p><img src="/media/${file}"></p>`, status: "draft", path: null });
    // Not the picture: another file whose name starts the same.
    await createPost(t.stores, owner, { title: "Other", source: "![x](/media/3f29c0a1b2d4e5f6.png)", html: "" });
    const used = await t.stores.media.usedBy(owner.blog.id, file);
    expect(used).toEqual([
      { postId: inHtml.id, title: "Ack", kind: "post", path: null, status: "draft" },
      { postId: inSource.id, title: "Pier", kind: "post", path: "/2010/11/pier.html", status: "published" },
    ]);
    // "_" and "%" in a name are matched as themselves, not as wildcards.
    expect(await t.stores.media.usedBy(owner.blog.id, "3f29c0a1b2d4e5f_.jpg")).toEqual([]);
    expect(await t.stores.media.usedBy(owner.blog.id, "3f29c0a1%.jpg")).toEqual([]);
    const other = await createBlog(t.stores);
    expect(await t.stores.media.usedBy(other.id, file)).toEqual([]);
  });
});
