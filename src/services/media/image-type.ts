/** The image formats a browser shows everywhere, and so the only ones Longhand keeps. */
export type ImageExtension = "jpg" | "png" | "gif" | "webp" | "avif";

/** A kept image's format: the file extension it is stored under and its media type. */
export interface ImageType {
  extension: ImageExtension;
  mediaType: `image/${string}`;
}

/** Either the format the bytes are in, or why they are no image Longhand keeps. */
export type ImageTypeResult = { ok: true; type: ImageType } | { ok: false; reason: string };

const TYPES: Record<ImageExtension, ImageType> = {
  jpg: { extension: "jpg", mediaType: "image/jpeg" },
  png: { extension: "png", mediaType: "image/png" },
  gif: { extension: "gif", mediaType: "image/gif" },
  webp: { extension: "webp", mediaType: "image/webp" },
  avif: { extension: "avif", mediaType: "image/avif" },
};

/**
 * The format of an image, read from its first bytes, never from a file name or a
 * Content-Type header: both are whatever the sender says. Only JPEG, PNG, GIF, WebP and
 * AVIF pass. SVG is refused because it can carry scripts, and anything else (an HTML error
 * page, a renamed text file) because a browser would not show it as an image.
 *
 * @example detectImageType(fs.readFileSync("photo.png")) // { ok: true, type: { extension: "png", mediaType: "image/png" } }
 * @example detectImageType(Buffer.from("<html>…")) // { ok: false, reason: "it is an HTML page, not an image" }
 */
export function detectImageType(bytes: Uint8Array): ImageTypeResult {
  if (bytes.length === 0) return { ok: false, reason: "it is empty" };
  const found = imageFormat(bytes);
  if (found) return { ok: true, type: TYPES[found] };
  return { ok: false, reason: whyNotAnImage(bytes) };
}

function imageFormat(bytes: Uint8Array): ImageExtension | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return "gif";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  const brands = isoBrands(bytes);
  if (brands.includes("avif") || brands.includes("avis")) return "avif";
  return null;
}

/**
 * The brands of an ISO media file's leading "ftyp" box (major brand first), which is how
 * AVIF, HEIC and MP4 name themselves; empty for anything else.
 */
function isoBrands(bytes: Uint8Array): string[] {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== "ftyp") return [];
  const boxSize = (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
  const end = Math.min(boxSize, bytes.length);
  const brands = [ascii(bytes, 8, 12)];
  // Bytes 12–15 are the minor version; the compatible brands follow.
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands;
}

function whyNotAnImage(bytes: Uint8Array): string {
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, "").trimStart().toLowerCase();
  if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"))) return "it is an SVG drawing, which can carry scripts";
  if (/^<(!doctype html|html|head|body|!--|title|meta|p[\s>]|div|h1)/.test(head)) return "it is an HTML page, not an image";
  const brands = isoBrands(bytes);
  if (brands.some((b) => ["heic", "heix", "mif1", "msf1"].includes(b))) return "it is a HEIC image, which most browsers cannot show";
  if (brands.length > 0) return "it is a video or other media file, not an image";
  if (looksLikeText(bytes.subarray(0, 512))) return "it is text, not an image";
  return "it is not a JPEG, PNG, GIF, WebP or AVIF image";
}

/** No control bytes but tab, line feed and carriage return, and valid UTF-8 (a cut last character aside). */
function looksLikeText(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
    if (byte === 0x7f) return false;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, Math.max(0, bytes.length - 3)));
    return true;
  } catch {
    return false;
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}
