import type { Metadata, Sharp, SharpOptions } from "sharp";

type SharpLibrary = (typeof import("sharp"))["default"];
import { VARIANT_WIDTHS, type ImageFormat } from "../../domain/media.js";

/*
 * Turning an uploaded picture into what readers are sent.
 *
 * Privacy first: a phone photo carries its GPS position, the camera's serial number and
 * more in EXIF, XMP and IPTC. Every file made here is written by sharp without any
 * metadata (sharp's default: all of it dropped, pixels converted to sRGB so colours stay
 * right without the ICC profile). EXIF orientation is applied to the pixels first, so a
 * picture taken with the phone on its side still stands upright once the tag is gone.
 *
 * What is kept and what is served: the author's upload stays untouched, as the master, in a
 * private area of the data folder the web app never serves (originals/). Readers get the
 * "reader copy": the same picture at full size, re-encoded in its own format without
 * metadata, stored in the served media folder under the original's name, so a post's
 * /media/<file> link never hands out the author's location. The sizes (VARIANT_WIDTHS, in
 * WebP, AVIF and the original format) sit beside it as `<name>-<width>.<ext>`.
 *
 * Animated GIFs keep their animation in the reader copy and get no sizes: resizing every
 * frame costs a lot for little, and a still first frame would look broken. Still GIFs get
 * sizes like any picture.
 */

/**
 * The most pixels a picture may have (100 megapixels): a small file can declare a huge
 * canvas (a "decompression bomb") that would take gigabytes to decode. A 24-megapixel
 * camera photo is far below it.
 */
export const MAX_INPUT_PIXELS = 100_000_000;

/** What is known of a picture from its header, before any pixel is decoded. */
export interface ImageHeader {
  format: ImageFormat;
  /** Upright width and height: after EXIF orientation is applied. */
  width: number;
  height: number;
  animated: boolean;
}

/** One encoded size, not yet stored. */
export interface EncodedVariant {
  width: number;
  height: number;
  format: ImageFormat;
  data: Buffer;
}

/** Why a picture cannot be processed: `kind` says whether it is too big or broken. */
export class ImageRefused extends Error {
  constructor(
    readonly kind: "too-large" | "broken",
    message: string,
  ) {
    super(message);
    this.name = "ImageRefused";
  }
}

/** The file extension each format is stored under. */
export const EXTENSION_OF: Record<ImageFormat, "jpg" | "png" | "gif" | "webp" | "avif"> = { jpeg: "jpg", png: "png", gif: "gif", webp: "webp", avif: "avif" };

const SHARP_FORMATS: Record<string, ImageFormat> = { jpeg: "jpeg", png: "png", gif: "gif", webp: "webp", heif: "avif", avif: "avif" };

/**
 * sharp's settings for the whole process: one image thread, so a background job never takes
 * every core from the web server, and no operation cache (it would keep decoded pictures in
 * memory between uploads that never repeat).
 */
export function configureImageProcessing(threads = 1): void {
  imageThreads = threads;
  void loaded?.then((sharp) => sharp.concurrency(threads));
}

let imageThreads = 1;
let loaded: Promise<SharpLibrary> | null = null;

/**
 * sharp, loaded when the first picture comes: the image library holds some 30 MB and takes
 * a sixth of a second to load, which a blog serving pages need not pay at start.
 */
function loadSharp(): Promise<SharpLibrary> {
  loaded ??= import("sharp").then(({ default: sharp }) => {
    sharp.concurrency(imageThreads);
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}

/** Decoding options for untrusted input: refuse pixel bombs and files that are cut short or corrupt. */
function decode(sharp: SharpLibrary, bytes: Uint8Array, extra: SharpOptions = {}): Sharp {
  return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error", ...extra });
}

/**
 * Reads a picture's header: its format, upright size and whether it is animated. Refuses
 * (ImageRefused "too-large") a picture over MAX_INPUT_PIXELS before anything is decoded.
 */
export async function readImageHeader(bytes: Uint8Array): Promise<ImageHeader> {
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageRefused("broken", `the picture cannot be read (${reasonOf(error)})`);
  }
  const format = meta.format ? SHARP_FORMATS[meta.format] : undefined;
  if (!format || !meta.width || !meta.height) throw new ImageRefused("broken", "the picture cannot be read (it has no size)");
  const pages = meta.pages ?? 1;
  const frameHeight = meta.pageHeight ?? meta.height;
  if (meta.width * frameHeight * pages > MAX_INPUT_PIXELS) {
    throw new ImageRefused("too-large", `it is ${meta.width} × ${frameHeight} pixels${pages > 1 ? ` in ${pages} frames` : ""}, more than the ${MAX_INPUT_PIXELS / 1_000_000} megapixels Longhand accepts`);
  }
  const upright = meta.autoOrient ?? { width: meta.width, height: frameHeight };
  return { format, width: upright.width, height: upright.height, animated: pages > 1 };
}

/**
 * The reader copy: the picture at full size in its own format, upright, with every piece of
 * metadata removed. Decodes every pixel, so a truncated or corrupt file is refused here
 * (ImageRefused "broken").
 */
export async function makeReaderCopy(bytes: Uint8Array, header: ImageHeader): Promise<Buffer> {
  const sharp = await loadSharp();
  return refusingBroken(() => encode(decode(sharp, bytes, header.animated ? { animated: true } : {}).autoOrient(), header.format).toBuffer());
}

/**
 * Every size readers may be sent: each of VARIANT_WIDTHS narrower than the picture, in WebP,
 * AVIF and the picture's own format. None for an animated GIF (see the module comment).
 * Each width is decoded once and encoded three times.
 */
export async function makeVariants(bytes: Uint8Array, header: ImageHeader): Promise<EncodedVariant[]> {
  if (header.animated) return [];
  const sharp = await loadSharp();
  const formats: ImageFormat[] = ["webp", "avif", ...(header.format === "webp" || header.format === "avif" ? [] : [header.format])];
  const variants: EncodedVariant[] = [];
  for (const width of VARIANT_WIDTHS.filter((w) => w < header.width)) {
    const resized = await refusingBroken(() => decode(sharp, bytes).autoOrient().resize({ width, withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true }));
    const { info } = resized;
    for (const format of formats) {
      const raw = sharp(resized.data, { raw: { width: info.width, height: info.height, channels: info.channels } });
      variants.push({ width: info.width, height: info.height, format, data: await encode(raw, format).toBuffer() });
    }
  }
  return variants;
}

/** Header, reader copy and sizes in one go (the benchmark's whole pipeline). */
export async function processImage(bytes: Uint8Array): Promise<{ header: ImageHeader; readerCopy: Buffer; variants: EncodedVariant[] }> {
  const header = await readImageHeader(bytes);
  const readerCopy = await makeReaderCopy(bytes, header);
  return { header, readerCopy, variants: await makeVariants(bytes, header) };
}

/** Encoders tuned for the web: quality a reader cannot tell from the original, at moderate effort. */
function encode(image: Sharp, format: ImageFormat): Sharp {
  switch (format) {
    case "jpeg":
      return image.jpeg({ quality: 85, mozjpeg: true });
    case "png":
      return image.png({ compressionLevel: 9, adaptiveFiltering: true });
    case "gif":
      return image.gif();
    case "webp":
      return image.webp({ quality: 80, effort: 4 });
    case "avif":
      return image.avif({ quality: 55, effort: 3 });
  }
}

async function refusingBroken<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const reason = reasonOf(error);
    if (/pixel limit/i.test(reason)) throw new ImageRefused("too-large", `it has more than the ${MAX_INPUT_PIXELS / 1_000_000} megapixels Longhand accepts`);
    throw new ImageRefused("broken", /truncat|premature|end of|short/i.test(reason) ? "the file is cut short: part of the picture is missing" : `the picture is damaged (${reason})`);
  }
}

/** sharp's message, first line only and without its internal prefixes, for the author. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? "").replace(/^(VipsJpeg|VipsForeign\w*|vips\w*): /i, "").slice(0, 200) || "unknown error";
}
