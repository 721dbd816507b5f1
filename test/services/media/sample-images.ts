import fs from "node:fs";

// Images written for these tests, byte by byte, so they need no image library.

/** The demo blog's photo: a real PNG of some size. */
export const PNG = fs.readFileSync(new URL("../../../assets/demo/harbour-at-dusk.png", import.meta.url));

/**
 * An 8×8 grey baseline JPEG: quantisation table, frame header, one-code Huffman tables for
 * DC and AC, and a scan whose only block has a DC difference of 0 and an end-of-block.
 */
export const JPEG = Buffer.from([
  0xff, 0xd8,
  0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array<number>(64).fill(1),
  0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00,
  0xff, 0xc4, 0x00, 0x14, 0x00, 0x01, ...new Array<number>(15).fill(0), 0x00,
  0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, ...new Array<number>(15).fill(0), 0x00,
  0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00,
  0x3f,
  0xff, 0xd9,
]);

/** A 1×1 GIF: screen descriptor with a two-colour table, one image, LZW data, trailer. */
export const GIF = Buffer.from([
  ...Buffer.from("GIF89a"), 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00,
  0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
  0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  0x02, 0x02, 0x44, 0x01, 0x00,
  0x3b,
]);

/** The start of a WebP file: a RIFF container of type WEBP (enough for the format to be told). */
export const WEBP_HEAD = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0x1a, 0, 0, 0]), Buffer.from("WEBPVP8L"), Buffer.alloc(8)]);

/** The start of an ISO media file with the given brands in its "ftyp" box (major brand first). */
export function isoHead(...brands: string[]): Buffer {
  const compatible = brands.slice(1);
  const size = 16 + compatible.length * 4;
  const box = Buffer.alloc(size);
  box.writeUInt32BE(size, 0);
  box.write("ftyp", 4, "latin1");
  box.write(brands[0] ?? "isom", 8, "latin1");
  compatible.forEach((brand, i) => box.write(brand, 16 + i * 4, "latin1"));
  return Buffer.concat([box, Buffer.alloc(16)]);
}
