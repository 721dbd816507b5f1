import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readTar, tarHeader, TarFormatError, writeTar, type TarFileEntry } from "../../src/formats/tar-archive.js";
import { temporaryFolders } from "../support/cli-run.js";

const tempDir = temporaryFolders("longhand-tar-");

/** An entry whose bytes come in a few chunks, as a file read from disk does. */
function entry(name: string, bytes: Buffer): TarFileEntry {
  const chunks = [bytes.subarray(0, 700), bytes.subarray(700)].filter((c) => c.length > 0);
  return { name, size: bytes.length, mtime: new Date("2010-11-28T13:42:00Z"), body: chunks };
}

async function archiveOf(entries: TarFileEntry[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of writeTar(entries)) parts.push(part);
  return Buffer.concat(parts);
}

async function entriesOf(bytes: Buffer, chunkSize = 333): Promise<{ name: string; bytes: Buffer }[]> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  const found: { name: string; bytes: Buffer }[] = [];
  for await (const e of readTar(Readable.from(chunks))) {
    const parts: Buffer[] = [];
    for await (const chunk of e.body) parts.push(chunk);
    found.push({ name: e.name, bytes: Buffer.concat(parts) });
  }
  return found;
}

const photo = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
const longName = `media/${"a".repeat(90)}/${"b".repeat(95)}.jpg`;

describe("tar archives", () => {
  it("reads back what it wrote: empty files, files across blocks, names longer than 100 bytes", async () => {
    const archive = await archiveOf([entry("manifest.json", Buffer.from("{}\n")), entry("media/empty.png", Buffer.alloc(0)), entry("media/photo.jpg", photo), entry(longName, Buffer.from("x"))]);
    expect(archive.length % 512).toBe(0);
    const read = await entriesOf(archive);
    expect(read.map((e) => e.name)).toEqual(["manifest.json", "media/empty.png", "media/photo.jpg", longName]);
    expect(read[2]!.bytes.equals(photo)).toBe(true);
    expect(read[1]!.bytes.length).toBe(0);
  });

  it("writes archives the system's tar lists and extracts byte for byte, and reads the ones it makes", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "ours.tar"), await archiveOf([entry("media/photo.jpg", photo), entry(longName, Buffer.from("long"))]));
    expect(execFileSync("tar", ["-tf", path.join(dir, "ours.tar")], { encoding: "utf8" }).trim().split("\n")).toEqual(["media/photo.jpg", longName]);
    fs.mkdirSync(path.join(dir, "out"));
    execFileSync("tar", ["-xf", path.join(dir, "ours.tar"), "-C", path.join(dir, "out")]);
    expect(fs.readFileSync(path.join(dir, "out/media/photo.jpg")).equals(photo)).toBe(true);

    fs.mkdirSync(path.join(dir, "theirs/database"), { recursive: true });
    fs.writeFileSync(path.join(dir, "theirs/database/posts.jsonl"), photo);
    execFileSync("tar", ["--format=ustar", "-cf", path.join(dir, "theirs.tar"), "-C", path.join(dir, "theirs"), "database/posts.jsonl"]);
    const read = await entriesOf(fs.readFileSync(path.join(dir, "theirs.tar")));
    expect(read.map((e) => e.name)).toEqual(["database/posts.jsonl"]);
    expect(read[0]!.bytes.equals(photo)).toBe(true);
  });

  it("refuses a cut-short archive, a damaged header and a body of the wrong size, naming the entry", async () => {
    const archive = await archiveOf([entry("media/photo.jpg", photo), entry("media/second.jpg", photo)]);
    await expect(entriesOf(archive.subarray(0, 3000))).rejects.toThrow(new TarFormatError("it ends early, inside media/photo.jpg", "media/photo.jpg"));
    await expect(entriesOf(archive.subarray(0, 5632))).rejects.toThrow("it ends early, after media/photo.jpg");

    const damaged = Buffer.from(archive);
    damaged[5632 + 3] = damaged[5632 + 3]! ^ 0x01; // "media/second.jpg" becomes "medha/second.jpg"
    await expect(entriesOf(damaged)).rejects.toThrow("the header of medha/second.jpg is damaged (its checksum does not match)");

    await expect(entriesOf(Buffer.from("just some text, not an archive".padEnd(600, " ")))).rejects.toThrow("it is not a tar archive");
    await expect(archiveOf([{ name: "media/short.jpg", size: 10, body: [Buffer.from("abc")] }])).rejects.toThrow("media/short.jpg has 3 bytes, not the 10");
    expect(() => tarHeader("../escape.jpg", 1, new Date())).toThrow("is not a relative file name");
  });
});
