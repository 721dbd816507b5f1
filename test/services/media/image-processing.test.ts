import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ImageRefused, makeReaderCopy, makeVariants, processImage, readImageHeader } from "../../../src/services/media/image-processing.js";
import { animatedGif, metadataLeft, phonePhoto, pixelBomb, plainPicture, SECRET_EXIF, truncated } from "./photos.js";

describe("processing an uploaded picture", () => {
  it("turns a sideways phone photo upright, strips every trace of the camera and its position, and makes each size in three formats", async () => {
    const photo = await phonePhoto(3000, 2000);
    expect(await metadataLeft(photo)).toMatchObject({ exif: true, xmp: true, orientation: 6 });
    expect(photo.includes(SECRET_EXIF.serial)).toBe(true);

    const { header, readerCopy, variants } = await processImage(photo);
    expect(header).toEqual({ format: "jpeg", width: 2000, height: 3000, animated: false });
    const copy = await sharp(readerCopy).metadata();
    expect([copy.format, copy.width, copy.height]).toEqual(["jpeg", 2000, 3000]);
    expect(await metadataLeft(readerCopy)).toEqual({ exif: false, xmp: false, iptc: false, orientation: undefined });
    expect(readerCopy.includes(SECRET_EXIF.serial)).toBe(false);

    // 2000 wide upright: 480, 960 and 1600 fit; 2400 would be an enlargement.
    expect(variants.map((v) => `${v.width}×${v.height} ${v.format}`)).toEqual([
      "480×720 webp", "480×720 avif", "480×720 jpeg",
      "960×1440 webp", "960×1440 avif", "960×1440 jpeg",
      "1600×2400 webp", "1600×2400 avif", "1600×2400 jpeg",
    ]);
    for (const variant of variants) {
      const meta = await sharp(variant.data).metadata();
      expect([meta.format === "heif" ? "avif" : meta.format, meta.width, meta.height]).toEqual([variant.format, variant.width, variant.height]);
      expect(await metadataLeft(variant.data)).toEqual({ exif: false, xmp: false, iptc: false, orientation: undefined });
    }
  });

  it("makes no sizes wider than a small picture, and none of an animated GIF, whose reader copy keeps its frames", async () => {
    const small = await plainPicture(400, 300, "png");
    expect(await makeVariants(small, await readImageHeader(small))).toEqual([]);

    const still = await plainPicture(1000, 500, "gif");
    expect((await makeVariants(still, await readImageHeader(still))).map((v) => `${v.width} ${v.format}`)).toEqual(["480 webp", "480 avif", "480 gif", "960 webp", "960 avif", "960 gif"]);

    const gif = await animatedGif();
    const header = await readImageHeader(gif);
    expect(header).toEqual({ format: "gif", width: 600, height: 400, animated: true });
    expect(await makeVariants(gif, header)).toEqual([]);
    expect((await sharp(await makeReaderCopy(gif, header), { animated: true }).metadata()).pages).toBe(2);
  });

  it("refuses a pixel bomb from its header, before decoding it", async () => {
    const bomb = pixelBomb();
    expect(bomb.length).toBeLessThan(100_000);
    const refusal = await readImageHeader(bomb).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ImageRefused);
    expect(refusal).toMatchObject({ kind: "too-large", message: expect.stringContaining("30000 × 30000 pixels") });
  });

  it("refuses a file cut short when it decodes it", async () => {
    const cut = truncated(await phonePhoto(1200, 800), 0.6);
    const header = await readImageHeader(cut);
    const refusal = await makeReaderCopy(cut, header).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ImageRefused);
    expect(refusal).toMatchObject({ kind: "broken" });
  });
});
