import zlib from "node:zlib";
import sharp from "sharp";

// Real pictures made with sharp for the media tests, as a phone or a hostile sender would send them.

/** A GPS position and camera serial number that must never reach a reader. */
export const SECRET_EXIF = { gps: "59/1 56/1 0/1", serial: "CAMERA-SERIAL-4815162342" } as const;

/**
 * A phone photo as taken with the phone on its side: stored `width`×`height` with EXIF
 * orientation 6 (shown turned a quarter clockwise, so upright it is `height`×`width`), plus
 * the camera's make, model, serial number and GPS position, in EXIF and XMP.
 */
export async function phonePhoto(width = 3000, height = 2000): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 120, g: 140, b: 170 }, noise: { type: "gaussian", mean: 128, sigma: 20 } } })
    .jpeg({ quality: 80 })
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: "Longhand Phone", Model: "LP-1", Software: "LonghandCam 2.0" },
      IFD2: { BodySerialNumber: SECRET_EXIF.serial },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: SECRET_EXIF.gps, GPSLongitudeRef: "E", GPSLongitude: "10/1 45/1 0/1" },
    })
    .withXmp(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Make="Longhand Phone"/></rdf:RDF></x:xmpmeta>`)
    .toBuffer();
}

/** A plain picture of the given size and format, with no metadata. */
export async function plainPicture(width: number, height: number, format: "png" | "gif" | "webp" | "jpeg" = "png"): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .toFormat(format)
    .toBuffer();
}

/** A two-frame animated GIF, 600×400. */
export async function animatedGif(): Promise<Buffer> {
  const frame = (r: number) => ({ create: { width: 600, height: 400, channels: 3 as const, background: { r, g: 0, b: 0 } } });
  return sharp([await sharp(frame(255)).png().toBuffer(), await sharp(frame(0)).png().toBuffer()], { join: { animated: true } })
    .gif({ delay: [200, 200], loop: 0 })
    .toBuffer();
}

/** A JPEG cut off after `fraction` of its bytes, as an interrupted upload leaves it. */
export function truncated(bytes: Buffer, fraction = 0.5): Buffer {
  return bytes.subarray(0, Math.floor(bytes.length * fraction));
}

/**
 * A decompression bomb: a PNG of a few hundred bytes whose header declares
 * `side`×`side` pixels (30000×30000 = 900 megapixels) of one colour, compressed to nothing.
 * Only the first rows are written; a decoder would need gigabytes to hold it.
 */
export function pixelBomb(side = 30000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = zlib.deflateSync(Buffer.alloc((side + 1) * 8));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", rows), chunk("IEND", Buffer.alloc(0))]);
}

/** An SVG drawing with a script in it, named like a photo. */
export const SVG_WITH_SCRIPT = Buffer.from(`<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(document.cookie)</script><rect width="100" height="100"/></svg>`);

/** Whatever metadata sharp finds in a served file: none of these may be present. */
export async function metadataLeft(bytes: Uint8Array): Promise<{ exif: boolean; xmp: boolean; iptc: boolean; orientation: number | undefined }> {
  const meta = await sharp(bytes).metadata();
  return { exif: meta.exif !== undefined, xmp: meta.xmp !== undefined, iptc: meta.iptc !== undefined, orientation: meta.orientation };
}
