import { createHash } from "node:crypto";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateToLatest } from "../../src/store/index.js";
import { storesOver, testDialects } from "../support/databases.js";
import { emptyDatabase, migrateUpTo } from "../support/old-schemas.js";

// A blog whose library was filled before Longhand recorded each upload's hash upgrades: its
// pictures stay as they were, none is matched by a hash it never had, and new pictures get one.

const dialects = await testDialects();

const OLD_BYTES = Buffer.from("the bytes of a photo uploaded in 2024");
const OLD_HASH = createHash("sha256").update(OLD_BYTES).digest("hex");
const OLD_FILE = `${OLD_HASH.slice(0, 16)}.jpg`;

describe.each(dialects.map((d) => [d.name, d] as const))("pictures kept before hashes were recorded, on %s", (name) => {
  let old: Awaited<ReturnType<typeof emptyDatabase>>;
  let blogId: number;

  beforeEach(async () => {
    old = await emptyDatabase(name, "mediahash");
    await old.locked(() => migrateUpTo(old.database, "0007-media"));
    // Written with SQL, as the Longhand of that time stored them.
    const db = old.database.db;
    const now = "2024-05-01T09:00:00.000Z";
    blogId = (await sql<{ id: number }>`insert into blogs (title, time_zone, locale, created_at, updated_at) values ('Old blog', 'UTC', 'en-US', ${now}, ${now}) returning id`.execute(db)).rows[0]!.id;
    for (const file of [OLD_FILE, "0000000000000002.png"]) {
      await sql`insert into media (blog_id, file, format, bytes, width, height, original_name, alt, caption, status, variants, created_at, updated_at)
        values (${blogId}, ${file}, 'jpeg', 37, 8, 8, 'pier.jpg', 'Workers on the pier', 'Vladivostok', 'ready', '[]', ${now}, ${now})`.execute(db);
    }
  });
  afterEach(() => old.dispose());

  it("keeps every old picture as it was, finds none of them by hash, and takes hashes from then on", async () => {
    await old.locked(() => migrateToLatest(old.database));
    const stores = storesOver(old.database);
    expect(await stores.media.count(blogId)).toBe(2);
    expect(await stores.media.findByFile(blogId, OLD_FILE)).toMatchObject({ alt: "Workers on the pier", caption: "Vladivostok", status: "ready" });
    expect(await stores.media.findBySha256(blogId, OLD_HASH)).toBeNull();

    const fresh = await stores.media.insert({ blogId, file: "0000000000000003.png", format: "png", bytes: 10, width: 1, height: 1, originalName: "new.png", sha256: OLD_HASH }, new Date("2025-01-01T00:00:00Z"));
    expect(await stores.media.findBySha256(blogId, OLD_HASH)).toMatchObject({ id: fresh.id });
  });
});
