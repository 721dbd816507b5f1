import { describe, expect, it } from "vitest";
import { renderPostMarkdown } from "../../src/content/index.js";
import { GALLERY_THUMBNAIL_SIZES, GALLERY_VIEWER_SIZES, POST_IMAGE_SIZES, responsiveImages } from "../../src/content/responsive-images.js";
import type { MediaItem, MediaVariant } from "../../src/domain/media.js";

// A reader on a phone gets a 480-pixel AVIF, one on a large screen a bigger one, and no
// page jumps while pictures load: the post's stored HTML is given sizes and sources as it
// is shown.

const variant = (width: number, format: MediaVariant["format"]): MediaVariant => ({
  width,
  height: Math.round((width * 2) / 3),
  format,
  file: `3f29c0a1b2d4e5f6-${width}.${format === "jpeg" ? "jpg" : format}`,
  bytes: width * 10,
});

const pier: MediaItem = {
  id: 1,
  blogId: 1,
  file: "3f29c0a1b2d4e5f6.jpg",
  format: "jpeg",
  bytes: 2_000_000,
  width: 3000,
  height: 2000,
  originalName: "IMG_0042.JPG",
  alt: "The pier",
  caption: "",
  status: "ready",
  error: null,
  variants: [480, 960, 1600, 2400].flatMap((w) => [variant(w, "avif"), variant(w, "webp"), variant(w, "jpeg")]),
  createdAt: new Date("2025-01-09T13:00:00Z"),
};

const lookup = (items: MediaItem[]) => (file: string) => items.find((item) => item.file === file);
const html = renderPostMarkdown(`![The pier at dusk](/media/${pier.file} "The steamer pier")\n\nMore text ![a boat](/media/unknown.png) and ![elsewhere](https://photos.example/x.jpg)`);

describe("responsive pictures in a post", () => {
  it("offers AVIF and WebP at every width, the original format as the fallback, with the picture's size", () => {
    const out = responsiveImages(html, lookup([pier]), { firstOnScreen: false });
    const avif = [480, 960, 1600, 2400].map((w) => `/media/3f29c0a1b2d4e5f6-${w}.avif ${w}w`).join(", ");
    const webp = [480, 960, 1600, 2400].map((w) => `/media/3f29c0a1b2d4e5f6-${w}.webp ${w}w`).join(", ");
    const jpeg = [...[480, 960, 1600, 2400].map((w) => `/media/3f29c0a1b2d4e5f6-${w}.jpg ${w}w`), "/media/3f29c0a1b2d4e5f6.jpg 3000w"].join(", ");
    expect(out).toContain(
      `<figure><picture><source type="image/avif" srcset="${avif}" sizes="${POST_IMAGE_SIZES}"><source type="image/webp" srcset="${webp}" sizes="${POST_IMAGE_SIZES}">` +
        `<img src="/media/3f29c0a1b2d4e5f6.jpg" alt="The pier at dusk" loading="lazy" decoding="async" width="3000" height="2000" srcset="${jpeg}" sizes="${POST_IMAGE_SIZES}" /></picture><figcaption>The steamer pier</figcaption></figure>`,
    );
  });

  it("loads the first picture at once when it is on the first screen, and every other one lazily", () => {
    const out = responsiveImages(html, lookup([pier]), { firstOnScreen: true });
    const tags = [...out.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    expect(tags[0]).toContain('fetchpriority="high"');
    expect(tags[0]).not.toContain("loading=");
    expect(tags.slice(1).every((tag) => tag.includes('loading="lazy"'))).toBe(true);
  });

  it("gives a picture still being processed its size, and leaves other sites' pictures as they are but lazy", () => {
    const processing = { ...pier, status: "processing" as const, variants: [] };
    const out = responsiveImages(html, lookup([processing]), { firstOnScreen: false });
    expect(out).not.toContain("<picture>");
    expect(out).toContain('<img src="/media/3f29c0a1b2d4e5f6.jpg" alt="The pier at dusk" loading="lazy" decoding="async" width="3000" height="2000" />');
    expect(out).toContain('<img src="/media/unknown.png" alt="a boat" loading="lazy" decoding="async" />');
    expect(out).toContain('<img src="https://photos.example/x.jpg" alt="elsewhere" loading="lazy" decoding="async" />');
  });

  it("keeps escaped alt text escaped", () => {
    const hostile = renderPostMarkdown(`![a "quote" & <tag>](/media/${pier.file})`);
    const out = responsiveImages(hostile, lookup([pier]), { firstOnScreen: false });
    expect(out).toContain('alt="a &quot;quote&quot; &amp; &lt;tag&gt;"');
    expect(out).not.toMatch(/<tag>/);
  });

  it("skips a format no variant was made in, and a picture smaller than every width", () => {
    const small = { ...pier, width: 400, height: 300, variants: [] as MediaVariant[] };
    expect(responsiveImages(html, lookup([small]), { firstOnScreen: false })).toContain('width="400" height="300" />');
    const gif = { ...pier, file: "aa.gif", format: "gif" as const, variants: [variant(480, "gif"), variant(480, "webp")] };
    const out = responsiveImages(renderPostMarkdown("![x](/media/aa.gif)"), lookup([gif]), { firstOnScreen: false });
    expect(out).toContain('<source type="image/webp"');
    expect(out).not.toContain("image/avif");
  });
});

describe("responsive pictures in a gallery", () => {
  it("asks for thumbnail widths in the grid and the window's width in the large view", () => {
    const gallery = renderPostMarkdown(`![The pier](/media/${pier.file} "Dusk")\n![The pier again](/media/${pier.file})`);
    const out = responsiveImages(gallery, lookup([pier]), { firstOnScreen: false });
    const sizes = [...out.matchAll(/<img [^>]*sizes="([^"]*)"/g)].map((m) => m[1]);
    expect(sizes).toEqual([GALLERY_THUMBNAIL_SIZES, GALLERY_THUMBNAIL_SIZES, GALLERY_VIEWER_SIZES, GALLERY_VIEWER_SIZES]);
  });
});
