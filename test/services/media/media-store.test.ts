import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { createFileMediaStore } from "../../../src/services/media/media-store.js";
import { temporaryFolders } from "../../support/cli-run.js";
import { JPEG, PNG } from "./sample-images.js";

// The media store keeps the blog's pictures; posts link to them as /media/<name>.

const tempDir = temporaryFolders("longhand-media-");
const png = { extension: "png", mediaType: "image/png" } as const;
const jpg = { extension: "jpg", mediaType: "image/jpeg" } as const;

describe("the file media store", () => {
  it("names a file by its content and stores the same bytes once", async () => {
    const dir = tempDir();
    const media = createFileMediaStore(dir);

    const name = await media.put(PNG, png);
    const again = await media.put(Buffer.from(PNG), png);

    expect(name).toBe(`${createHash("sha256").update(PNG).digest("hex").slice(0, 16)}.png`);
    expect(again).toBe(name);
    expect(fs.readdirSync(dir)).toEqual([name]);
    expect(fs.readFileSync(path.join(dir, name)).equals(PNG)).toBe(true);
  });

  it("keeps a size or reader copy under a name it gives, replacing it, refuses any other name, and removes files", async () => {
    const dir = tempDir();
    const media = createFileMediaStore(dir);
    await media.putNamed("3f29c0a1b2d4e5f6-960.webp", Buffer.from("first"));
    await media.putNamed("3f29c0a1b2d4e5f6-960.webp", Buffer.from("second"));
    expect(fs.readFileSync(path.join(dir, "3f29c0a1b2d4e5f6-960.webp"), "utf8")).toBe("second");
    // The demo photo keeps its own name, and its sizes follow it.
    await media.putNamed("harbour-at-dusk-480.webp", Buffer.from("size"));
    await media.remove("harbour-at-dusk-480.webp");
    for (const name of ["../escape.png", "3f29c0a1b2d4e5f6.svg", "photo.html", "3f29c0a1b2d4e5f6-960.webp/x", ".partial-x", "a/../../b.png", "x.png\u0000.html"]) {
      await expect(media.putNamed(name, Buffer.from("x")), name).rejects.toThrow(/not a name the media store gives/);
    }
    await media.remove("../outside.png");
    await media.remove("3f29c0a1b2d4e5f6-960.webp");
    await media.remove("3f29c0a1b2d4e5f6-960.webp");
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("lists, finds and opens what it holds", async () => {
    const dir = tempDir();
    const media = createFileMediaStore(dir);
    const photo = await media.put(PNG, png);
    const small = await media.put(JPEG, jpg);
    // Files put there before the store existed (the demo photo) are the blog's media too.
    fs.writeFileSync(path.join(dir, "harbour-at-dusk.png"), PNG);

    expect(await media.list()).toEqual([photo, small, "harbour-at-dusk.png"].sort());
    expect(await media.has(small)).toBe(true);
    expect(await media.has("0000000000000000.png")).toBe(false);
    const stream = await media.open(small);
    expect(stream).not.toBeNull();
    expect((await buffer(stream!)).equals(JPEG)).toBe(true);
    expect(await media.open("0000000000000000.png")).toBeNull();
  });

  it("never lets a name from outside reach a file outside its folder", async () => {
    const parent = tempDir();
    const dir = path.join(parent, "media");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(parent, "secret.txt"), "not media");
    fs.mkdirSync(path.join(dir, "sub"));
    const media = createFileMediaStore(dir);

    for (const name of ["../secret.txt", "..", ".", "/etc/passwd", "sub", "sub/../../secret.txt", ".partial-x", "a\\b", ""]) {
      expect(await media.has(name)).toBe(false);
      expect(await media.open(name)).toBeNull();
    }
  });

  it("leaves no partial file behind, and does not list one left by a crash", async () => {
    const dir = tempDir();
    const media = createFileMediaStore(dir);
    fs.writeFileSync(path.join(dir, ".partial-crashed"), "half");
    const name = await media.put(JPEG, jpg);
    expect(await media.list()).toEqual([name]);
    expect(fs.readdirSync(dir).sort()).toEqual([".partial-crashed", name]);
  });

  it("lists nothing for a folder that does not exist yet, and makes it on the first put", async () => {
    const dir = path.join(tempDir(), "not-yet");
    const media = createFileMediaStore(dir);
    expect(await media.list()).toEqual([]);
    const name = await media.put(JPEG, jpg);
    expect(fs.readdirSync(dir)).toEqual([name]);
  });
});
