import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlogSettings } from "../../src/domain/blog.js";
import { MediaRefusedError } from "../../src/domain/media.js";
import { createFileMediaStore } from "../../src/services/media/media-store.js";
import { createMediaService, MEDIA_PROCESS_JOB, type MediaService } from "../../src/services/media.service.js";
import type { Stores } from "../../src/store/index.js";
import { createBlog } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";
import { fakeClock } from "../support/fake-clock.js";
import { phonePhoto, plainPicture, truncated } from "./media/photos.js";

// The author uploads a photo they have uploaded before: Longhand knows it by its bytes and
// hands back the picture it keeps, with the alt text and caption the author gave it.

const dialects = await testDialects();

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * The stores, with every lookup by hash held until `lookups` of them have been made: the
 * uploads that make them all find nothing, as two uploads arriving at the same moment do.
 */
function lookupsAtTheSameMoment(stores: Stores, lookups: number): Stores {
  let arrived = 0;
  let release: () => void = () => {};
  const together = new Promise<void>((resolve) => (release = resolve));
  return {
    ...stores,
    media: {
      ...stores.media,
      async findBySha256(blogId, hash) {
        const found = await stores.media.findBySha256(blogId, hash);
        if (++arrived >= lookups) release();
        await together;
        return found;
      },
    },
  };
}

describe.each(dialects.map((d) => [d.name, d] as const))("uploading the same photo again, on %s", (_, dialect) => {
  let t: TestDatabase;
  let blog: BlogSettings;
  let dirs: { media: string; originals: string };
  let service: MediaService;

  const serviceOver = (stores: Stores) =>
    createMediaService({
      stores,
      media: createFileMediaStore(dirs.media),
      originals: createFileMediaStore(dirs.originals),
      clock: fakeClock().now,
      maxBytes: 10 * 1024 * 1024,
    });

  /** What the blog holds of pictures: rows, served files, kept originals, queued jobs. */
  async function holdings() {
    const list = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);
    return {
      rows: await t.stores.media.count(blog.id),
      served: list(dirs.media),
      originals: list(dirs.originals),
      jobs: (await t.stores.jobs.listQueued(MEDIA_PROCESS_JOB)).length,
    };
  }

  beforeEach(async () => {
    t = await dialect.create();
    blog = await createBlog(t.stores);
    dirs = { media: path.join(t.location.dataDir, "media"), originals: path.join(t.location.dataDir, "originals") };
    service = serviceOver(t.stores);
  });
  afterEach(() => t.dispose());

  it("answers with the picture already kept, its alt text and caption, and stores and queues nothing more", async () => {
    const photo = await phonePhoto(1200, 800);
    const first = await service.upload(blog, { bytes: photo, originalName: "IMG_0042.JPG" });
    expect(first).toMatchObject({ existing: false, item: { alt: "", caption: "", originalName: "IMG_0042.JPG" } });
    await service.updateText(blog, first.item.id, { alt: "Workers on the pier", caption: "Vladivostok, in happier times" });
    const before = await holdings();
    expect(before).toMatchObject({ rows: 1, jobs: 1 });

    const again = await service.upload(blog, { bytes: Buffer.from(photo), originalName: "copy of pier.jpg" });
    expect(again.existing).toBe(true);
    expect(again.item).toMatchObject({ id: first.item.id, file: first.item.file, alt: "Workers on the pier", caption: "Vladivostok, in happier times", originalName: "IMG_0042.JPG" });
    expect(await holdings()).toEqual(before);
    // The untouched upload is the one kept, and the hash is that of the bytes as they came.
    expect(fs.readFileSync(path.join(dirs.originals, first.item.file)).equals(photo)).toBe(true);
    expect((await t.stores.media.findBySha256(blog.id, sha256(photo)))?.id).toBe(first.item.id);

    // Still the same picture once its sizes are made.
    await service.process(first.item.id);
    const processed = await service.upload(blog, { bytes: photo, originalName: "pier.jpg" });
    expect(processed).toMatchObject({ existing: true, item: { id: first.item.id, status: "ready", alt: "Workers on the pier" } });
    expect((await holdings()).rows).toBe(1);
  });

  it("keeps a photo with other bytes as a new picture, even one that looks the same", async () => {
    const png = await plainPicture(600, 400, "png");
    const first = await service.upload(blog, { bytes: png, originalName: "harbour.png" });
    await service.updateText(blog, first.item.id, { alt: "The harbour", caption: "" });
    // The same pixels saved as another file; then one more pixel of height.
    const webp = await plainPicture(600, 400, "webp");
    const taller = await plainPicture(600, 401, "png");
    for (const [name, bytes] of [["harbour.webp", webp], ["harbour-taller.png", taller]] as const) {
      const other = await service.upload(blog, { bytes, originalName: name });
      expect(other.existing, name).toBe(false);
      expect(other.item.id, name).not.toBe(first.item.id);
      expect(other.item, name).toMatchObject({ alt: "", caption: "", originalName: name });
    }
    expect(await holdings()).toMatchObject({ rows: 3, jobs: 3 });
  });

  it("takes a deleted picture's bytes as a new upload, with nothing of what the old one was told", async () => {
    const photo = await plainPicture(800, 600, "jpeg");
    const first = await service.upload(blog, { bytes: photo, originalName: "pier.jpg" });
    await service.updateText(blog, first.item.id, { alt: "Workers on the pier", caption: "Vladivostok" });
    await service.process(first.item.id);
    await service.delete(blog, first.item.id);
    expect(await holdings()).toMatchObject({ rows: 0, served: [], originals: [] });

    const again = await service.upload(blog, { bytes: photo, originalName: "pier again.jpg" });
    expect(again.existing).toBe(false);
    expect(again.item.id).not.toBe(first.item.id);
    expect(again.item).toMatchObject({ alt: "", caption: "", status: "processing", originalName: "pier again.jpg" });
    expect(await holdings()).toMatchObject({ rows: 1, served: [first.item.file], originals: [first.item.file], jobs: 2 });
  });

  it("keeps nothing of a refused upload, so its bytes are never known again", async () => {
    const broken = truncated(await phonePhoto(1200, 800), 0.6);
    await expect(service.upload(blog, { bytes: broken, originalName: "cut.jpg" })).rejects.toBeInstanceOf(MediaRefusedError);
    await expect(service.upload(blog, { bytes: broken, originalName: "cut.jpg" })).rejects.toBeInstanceOf(MediaRefusedError);
    expect(await holdings()).toEqual({ rows: 0, served: [], originals: [], jobs: 0 });
    expect(await t.stores.media.findBySha256(blog.id, sha256(broken))).toBeNull();
  });

  it("keeps one picture when the same photo is uploaded twice at the same moment", async () => {
    const photo = await phonePhoto(1600, 1200);
    const racing = serviceOver(lookupsAtTheSameMoment(t.stores, 2));
    const [a, b] = await Promise.all([
      racing.upload(blog, { bytes: photo, originalName: "from the phone.jpg" }),
      racing.upload(blog, { bytes: Buffer.from(photo), originalName: "from the laptop.jpg" }),
    ]);
    expect(a.item.id).toBe(b.item.id);
    expect([a.existing, b.existing].sort()).toEqual([false, true]);
    const kept = await holdings();
    expect(kept).toEqual({ rows: 1, served: [a.item.file], originals: [a.item.file], jobs: 1 });
    expect(fs.readFileSync(path.join(dirs.originals, a.item.file)).equals(photo)).toBe(true);
    // Its sizes are made from the bytes both sent.
    await service.process(a.item.id);
    expect((await t.stores.media.findById(a.item.id))?.status).toBe("ready");
  });

  it("knows the demo photo, taken in under its own name, when the same bytes are uploaded", async () => {
    const photo = await plainPicture(900, 600, "png");
    fs.mkdirSync(dirs.media, { recursive: true });
    fs.writeFileSync(path.join(dirs.media, "harbour-at-dusk.png"), photo);
    const demo = (await service.adopt(blog, "harbour-at-dusk.png"))!;
    await service.updateText(blog, demo.id, { alt: "The harbour at dusk", caption: "" });

    const upload = await service.upload(blog, { bytes: photo, originalName: "harbour.png" });
    expect(upload).toMatchObject({ existing: true, item: { id: demo.id, file: "harbour-at-dusk.png", alt: "The harbour at dusk" } });
    expect(await holdings()).toMatchObject({ rows: 1, served: ["harbour-at-dusk.png"], originals: ["harbour-at-dusk.png"] });

    // An import bringing the same bytes under yet another name still gets a row for the
    // file its posts link to; uploads keep finding the first.
    fs.writeFileSync(path.join(dirs.media, "imported-harbour.png"), photo);
    const imported = await service.adopt(blog, "imported-harbour.png");
    expect(imported).toMatchObject({ file: "imported-harbour.png" });
    expect((await service.upload(blog, { bytes: photo, originalName: "harbour.png" })).item.id).toBe(demo.id);
  });

  it("does not match a picture kept before hashes were recorded, and keeps no second copy of it", async () => {
    const photo = await plainPicture(640, 480, "jpeg");
    const fresh = await service.upload(blog, { bytes: photo, originalName: "pier.jpg" });
    // As the library of an older Longhand left it: the same row, without a hash.
    await t.stores.media.remove(fresh.item.id);
    const { id: _id, alt: _alt, caption: _caption, status: _status, error: _error, variants: _variants, createdAt: _createdAt, ...recorded } = fresh.item;
    const old = await t.stores.media.insert({ ...recorded, sha256: null }, new Date("2024-05-01T09:00:00Z"));
    await t.stores.media.updateText(old.id, { alt: "Said in 2024", caption: "" }, new Date("2024-05-01T09:00:00Z"));
    const before = await holdings();

    const upload = await service.upload(blog, { bytes: photo, originalName: "pier.jpg" });
    expect(upload).toMatchObject({ existing: false, item: { id: old.id, file: fresh.item.file } });
    expect(await holdings()).toEqual(before);
  });
});
