import { describe, expect, it } from "vitest";
import { detectImageType } from "../../../src/services/media/image-type.js";
import { GIF, isoHead, JPEG, PNG, WEBP_HEAD } from "./sample-images.js";

// An imported post's images are kept only if their bytes say they are images a browser shows.

describe("telling an image's format from its bytes", () => {
  it.each([
    ["a PNG", PNG, "png", "image/png"],
    ["a JPEG", JPEG, "jpg", "image/jpeg"],
    ["a GIF", GIF, "gif", "image/gif"],
    ["a WebP", WEBP_HEAD, "webp", "image/webp"],
    ["an AVIF", isoHead("avif", "mif1", "miaf"), "avif", "image/avif"],
    ["an AVIF sequence", isoHead("avis", "msf1"), "avif", "image/avif"],
    ["an AVIF named by a compatible brand", isoHead("mif1", "avif"), "avif", "image/avif"],
  ])("knows %s", (_, bytes, extension, mediaType) => {
    expect(detectImageType(bytes)).toEqual({ ok: true, type: { extension, mediaType } });
  });

  it.each([
    ["an empty file", Buffer.alloc(0), "it is empty"],
    ["an SVG drawing", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "it is an SVG drawing, which can carry scripts"],
    ["an SVG with an XML declaration", Buffer.from('\uFEFF<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), "it is an SVG drawing, which can carry scripts"],
    ["an HTML error page", Buffer.from("<!DOCTYPE html><html><body>Not found</body></html>"), "it is an HTML page, not an image"],
    ["a text file renamed photo.jpg", Buffer.from("Dear diary, today I moved my blog.\n"), "it is text, not an image"],
    ["a HEIC photo", isoHead("heic", "mif1"), "it is a HEIC image, which most browsers cannot show"],
    ["an MP4 video", isoHead("isom", "mp42"), "it is a video or other media file, not an image"],
    ["a BMP", Buffer.from([0x42, 0x4d, 0x3a, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0]), "it is not a JPEG, PNG, GIF, WebP or AVIF image"],
    ["a PNG cut to its first bytes", PNG.subarray(0, 4), "it is not a JPEG, PNG, GIF, WebP or AVIF image"],
  ])("refuses %s, saying why", (_, bytes, reason) => {
    expect(detectImageType(bytes)).toEqual({ ok: false, reason });
  });
});
