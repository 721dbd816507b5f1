import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPost, createUser } from "../factories/store-records.js";
import { metadataLeft, phonePhoto, pixelBomb, plainPicture, SECRET_EXIF, SVG_WITH_SCRIPT, truncated } from "../services/media/photos.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { findAll, findOne, visibleText } from "../support/page-reader.js";
import { startTestBlog, withoutDemoPhotoJob, testDialects, type TestBlog } from "../support/test-blog.js";

const dialects = await testDialects();

// The author uploads pictures, sees them in the media library, describes them and deletes them.

/** A multipart/form-data body, fields in the order given, as a browser sends a form with a file. */
function multipartBody(parts: ({ name: string; value: string } | { name: string; filename: string; content: Buffer })[]) {
  const boundary = `----LonghandMedia${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ("filename" in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: image/jpeg\r\n\r\n`), part.content, Buffer.from("\r\n"));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

interface UploadOptions {
  /** The token to send before the file; null sends none. */
  token?: string | null;
  cookie?: string | null;
  /** "html" answers as to the page's form; "json" as to a script (the default). */
  as?: "html" | "json";
  headers?: Record<string, string>;
}

/** What a blog's data folder holds of pictures: rows, served files, kept originals, queued jobs. */
async function leftovers(blog: TestBlog) {
  const list = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);
  return {
    rows: await blog.longhand.stores.media.count(blog.longhand.instance.blog.id),
    served: list(path.join(blog.dataDir, "media")),
    originals: list(path.join(blog.dataDir, "originals")),
    jobs: (await blog.longhand.stores.jobs.listQueued("media-process")).length,
  };
}

function uploader(blog: () => TestBlog, author: () => InjectClient) {
  return (fileName: string, content: Buffer, options: UploadOptions = {}) => {
    const token = options.token === undefined ? author().csrf : options.token;
    const { payload, contentType } = multipartBody([...(token === null ? [] : [{ name: "_csrf", value: token }]), { name: "file", filename: fileName, content }]);
    const cookie = options.cookie === undefined ? author().cookie : options.cookie;
    return blog().longhand.app.inject({
      method: "POST",
      url: "/admin/media",
      headers: {
        "content-type": contentType,
        accept: options.as === "html" ? "text/html,application/xhtml+xml" : "application/json",
        ...(cookie ? { cookie } : {}),
        ...options.headers,
      },
      payload,
    });
  };
}

describe.each(dialects.map((d) => [d.name, d] as const))("uploading a phone photo on %s", (_, dialect) => {
  let blog: TestBlog;
  let author: InjectClient;
  const upload = uploader(() => blog, () => author);
  beforeAll(async () => {
    blog = await startTestBlog({ dialect: dialect.name });
    await withoutDemoPhotoJob(blog);
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog.dispose());

  it("serves it upright without its location or camera, makes every size in the background, and keeps the untouched upload private", async () => {
    const photo = await phonePhoto(3000, 2000);
    const response = await upload("IMG_0042.JPG", photo);
    expect(response.statusCode).toBe(201);
    const body = response.json() as { id: number; url: string; width: number; height: number; markdown: string };
    expect(body).toEqual({
      id: expect.any(Number),
      url: expect.stringMatching(/^\/media\/[0-9a-f]{16}\.jpg$/),
      width: 2000,
      height: 3000,
      markdown: `![](${body.url})`,
      existing: false,
      alt: "",
      caption: "",
    });
    const file = body.url.slice("/media/".length);

    // At once, readers get a stripped, upright copy under the address posts link to.
    const served = await blog.longhand.app.inject(body.url);
    expect(served.statusCode).toBe(200);
    expect(served.headers["content-type"]).toBe("image/jpeg");
    expect(served.headers["x-content-type-options"]).toBe("nosniff");
    expect(served.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(await metadataLeft(served.rawPayload)).toEqual({ exif: false, xmp: false, iptc: false, orientation: undefined });
    expect(served.rawPayload.includes(SECRET_EXIF.serial)).toBe(false);
    expect(await sharp(served.rawPayload).metadata()).toMatchObject({ width: 2000, height: 3000 });

    // The author's upload is kept as it came, where the web app does not serve it.
    expect(fs.readFileSync(path.join(blog.dataDir, "originals", file)).equals(photo)).toBe(true);
    for (const url of [`/originals/${file}`, `/media/..%2Foriginals%2F${file}`, `/media/%2E%2E/originals/${file}`]) {
      const response = await blog.longhand.app.inject(url);
      expect([403, 404], url).toContain(response.statusCode);
      expect(response.rawPayload.includes(SECRET_EXIF.serial), url).toBe(false);
    }

    const item = (await blog.longhand.stores.media.findById(body.id))!;
    expect(item).toMatchObject({ status: "processing", variants: [], originalName: "IMG_0042.JPG", width: 2000, height: 3000, bytes: photo.length });
    expect(await blog.longhand.jobs.runDue()).toBeGreaterThanOrEqual(1);
    const ready = (await blog.longhand.stores.media.findById(body.id))!;
    expect(ready.status).toBe("ready");
    const stem = file.replace(".jpg", "");
    expect(ready.variants.map((v) => v.file)).toEqual([480, 960, 1600].flatMap((w) => [`${stem}-${w}.webp`, `${stem}-${w}.avif`, `${stem}-${w}.jpg`]));
    for (const variant of ready.variants) {
      const response = await blog.longhand.app.inject(`/media/${variant.file}`);
      expect(response.statusCode, variant.file).toBe(200);
      expect(response.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      const meta = await sharp(response.rawPayload).metadata();
      expect([meta.width, meta.height], variant.file).toEqual([variant.width, variant.height]);
      expect(variant.height, variant.file).toBe(variant.width * 1.5);
      expect(await metadataLeft(response.rawPayload), variant.file).toEqual({ exif: false, xmp: false, iptc: false, orientation: undefined });
    }

    // The same bytes again are the same picture, with no second job.
    const again = await upload("copy.jpg", photo);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: body.id, url: body.url, existing: true });
    expect(await leftovers(blog)).toMatchObject({ rows: 1, jobs: 0 });
  });

  it("shows the photo in a published post as a responsive picture, with its size, at once and once processed", async () => {
    const photo = await plainPicture(2400, 1600, "jpeg");
    const body = (await upload("harbour.jpg", photo)).json() as { url: string; markdown: string };
    const saved = await author.post("/admin/posts", {
      kind: "post",
      title: "Ice on the quay",
      slug: "",
      labels: "",
      source: `![Ice on the quay at dawn](${body.url} "The quay this morning")\n\nCold.`,
      comments_open: "on",
      publish_at: "",
      action: "publish",
    });
    expect(saved.statusCode).toBe(303);
    const post = (await blog.longhand.stores.posts.findById(Number(/\/admin\/posts\/(\d+)/.exec(String(saved.headers.location))?.[1])))!;
    const image = async () => findOne((await blog.longhand.app.inject(post.path!)).body, { tag: "img", attrs: { src: body.url } });

    // Before processing: the size is known, so the page does not jump while it loads.
    expect((await image()).attrs).toMatchObject({ width: "2400", height: "1600", alt: "Ice on the quay at dawn", fetchpriority: "high" });

    await blog.longhand.jobs.runDue();
    const page = (await blog.longhand.app.inject(post.path!)).body;
    const picture = findOne(page, { tag: "picture" });
    const stem = body.url.replace(/\.jpg$/, "");
    const sources = findAll(picture.inner, { tag: "source" }).map((s) => [s.attrs.type, s.attrs.srcset]);
    expect(sources).toEqual([
      ["image/avif", `${stem}-480.avif 480w, ${stem}-960.avif 960w, ${stem}-1600.avif 1600w`],
      ["image/webp", `${stem}-480.webp 480w, ${stem}-960.webp 960w, ${stem}-1600.webp 1600w`],
    ]);
    expect((await image()).attrs.srcset).toBe(`${stem}-480.jpg 480w, ${stem}-960.jpg 960w, ${stem}-1600.jpg 1600w, ${body.url} 2400w`);
    for (const [, srcset] of sources) {
      for (const candidate of srcset!.split(", ")) expect((await blog.longhand.app.inject(candidate.split(" ")[0]!)).statusCode, candidate).toBe(200);
    }
    // The caption is still the figure's.
    expect(visibleText(findOne(page, { tag: "figcaption" }).inner)).toBe("The quay this morning");
  });
});

describe("refused uploads", () => {
  let blog: TestBlog;
  let author: InjectClient;
  /** What the blog held before any upload (the demo blog's own photo). */
  let NOTHING: Awaited<ReturnType<typeof leftovers>>;
  const upload = uploader(() => blog, () => author);
  beforeAll(async () => {
    blog = await startTestBlog({ env: { LONGHAND_MEDIA_MAX_MB: "1" } });
    await withoutDemoPhotoJob(blog);
    author = await signIn(blog.longhand.app);
    NOTHING = await leftovers(blog);
    expect(NOTHING).toMatchObject({ rows: 0, originals: [], jobs: 0 });
  });
  afterAll(() => blog.dispose());

  it("gives each bad file a clear error and keeps nothing of it", async () => {
    const cases: [string, string, Buffer, number, RegExp][] = [
      ["a text file renamed", "holiday.jpg", Buffer.from("Dear diary, today we went to the harbour.\n"), 415, /it is text, not an image/],
      ["an HTML page renamed", "photo.png", Buffer.from("<!doctype html><html><body><script>alert(1)</script></body></html>"), 415, /HTML page/],
      ["an SVG with a script", "drawing.jpg", SVG_WITH_SCRIPT, 415, /SVG drawing, which can carry scripts/],
      ["a truncated JPEG", "cut.jpg", truncated(await phonePhoto(1200, 800), 0.6), 400, /cut short/],
      ["a pixel bomb", "bomb.png", pixelBomb(), 413, /30000 × 30000 pixels.*100 megapixels/],
      ["a file over the size limit", "huge.jpg", Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1024 * 1024 + 10)]), 413, /larger than 1 MB.*LONGHAND_MEDIA_MAX_MB/],
      ["an empty file", "empty.jpg", Buffer.alloc(0), 400, /file sent was empty/],
    ];
    for (const [what, name, bytes, status, message] of cases) {
      const response = await upload(name, bytes);
      expect(response.statusCode, what).toBe(status);
      expect((response.json() as { error: string }).error, what).toMatch(message);
      expect(await leftovers(blog), what).toEqual(NOTHING);
    }
  });

  it("answers the page's own form with the library page and the error", async () => {
    const response = await upload("drawing.svg", SVG_WITH_SCRIPT, { as: "html" });
    expect(response.statusCode).toBe(415);
    expect(visibleText(findOne(response.body, { className: "error-box" }).inner)).toMatch(/SVG drawing/);
    expect(await leftovers(blog)).toEqual(NOTHING);
  });

  it("refuses a forged, stale or signed-out upload before reading the file", async () => {
    const picture = await plainPicture(64, 64);
    const refusals: [string, UploadOptions, number][] = [
      ["no token", { token: null }, 403],
      ["a wrong token", { token: "not-the-token" }, 403],
      ["another site's form", { headers: { origin: "https://evil.example" } }, 403],
      ["no session", { cookie: null }, 401],
    ];
    for (const [what, options, status] of refusals) {
      const response = await upload("pic.png", picture, options);
      expect(response.statusCode, what).toBe(status);
      expect(response.json(), what).toEqual({ error: expect.any(String) });
      expect(await leftovers(blog), what).toEqual(NOTHING);
    }
    const signedOutForm = await upload("pic.png", picture, { cookie: null, as: "html" });
    expect(signedOutForm.statusCode).toBe(303);
    expect(signedOutForm.headers.location).toMatch(/^\/admin\/sign-in/);
  });
});

describe("the media library page", () => {
  let blog: TestBlog;
  let author: InjectClient;
  const upload = uploader(() => blog, () => author);
  beforeAll(async () => {
    blog = await startTestBlog();
    await withoutDemoPhotoJob(blog);
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog.dispose());

  const itemOn = (html: string, id: number) => findOne(html, { attrs: { id: `media-${id}` } }).inner;

  it("lists an upload from its form with thumbnail, size, dimensions, status and where it is used", async () => {
    const response = await upload("harbour.png", await plainPicture(1200, 800), { as: "html" });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/admin/media?flash=uploaded");
    const id = (await blog.longhand.stores.media.list(blog.longhand.instance.blog.id, { limit: 1, offset: 0 }))[0]!.id;

    let page = await author.get("/admin/media?flash=uploaded");
    expect(page.statusCode).toBe(200);
    expect(visibleText(findOne(page.body, { className: "flash" }).inner)).toMatch(/Picture uploaded/);
    let item = itemOn(page.body, id);
    expect(visibleText(item)).toMatch(/harbour\.png/);
    expect(visibleText(item)).toMatch(/PNG · \d+ KB · 1200 × 800 pixels · Making sizes…/);
    expect(visibleText(item)).toMatch(/Not used in any post/);
    const file = (await blog.longhand.stores.media.findById(id))!.file;
    expect(findOne(item, { tag: "img" }).outer).toContain(`src="/media/${file}"`);

    await blog.longhand.jobs.runDue();
    page = await author.get("/admin/media");
    item = itemOn(page.body, id);
    expect(visibleText(item)).toMatch(/Ready \(6 sizes\)/);
    expect(findOne(item, { tag: "img" }).outer).toContain(`src="/media/${file.replace(".png", "-480.webp")}" width="240" height="160"`);
    const thumb = await blog.longhand.app.inject(`/media/${file.replace(".png", "-480.webp")}`);
    expect(thumb.statusCode).toBe(200);

    const user = await createUser(blog.longhand.stores);
    await createPost(blog.longhand.stores, { blog: blog.longhand.instance.blog, author: user }, { title: "At the harbour", source: `![](/media/${file})` });
    page = await author.get("/admin/media");
    expect(findAll(itemOn(page.body, id), { tag: "a" }).map((a) => visibleText(a.inner))).toContain("At the harbour");
  });

  it("saves alt text and caption as plain text and hands out their Markdown", async () => {
    const id = (await (await upload("pier.png", await plainPicture(300, 200))).json()).id as number;
    const response = await author.post(`/admin/media/${id}`, { alt: "Workers on the <b>pier</b>", caption: 'North Korean workers, "happier" times\n' });
    expect(response.statusCode).toBe(303);
    const page = await author.get("/admin/media");
    const item = itemOn(page.body, id);
    expect(item).not.toContain("<b>pier</b>");
    const file = (await blog.longhand.stores.media.findById(id))!.file;
    expect(await blog.longhand.stores.media.findById(id)).toMatchObject({ alt: "Workers on the <b>pier</b>", caption: 'North Korean workers, "happier" times' });
    expect(item).toContain(`value="![Workers on the &lt;b&gt;pier&lt;/b&gt;](/media/${file} &#34;North Korean workers, \\&#34;happier\\&#34; times&#34;)"`);

    const tooLong = await author.post(`/admin/media/${id}`, { alt: "a".repeat(1001), caption: "" });
    expect(tooLong.statusCode).toBe(400);
    expect(await blog.longhand.stores.media.findById(id)).toMatchObject({ alt: "Workers on the <b>pier</b>" });
  });

  it("answers the same photo uploaded again with the picture kept and what the author said about it, as JSON that reads as no markup", async () => {
    const photo = await plainPicture(500, 300, "jpeg");
    const first = await upload("pier.jpg", photo);
    expect(first.statusCode).toBe(201);
    const { id, url } = first.json() as { id: number; url: string };
    await author.post(`/admin/media/${id}`, { alt: "Workers on the <b>pier</b> & gulls", caption: 'Vladivostok, "happier" times' });

    const again = await upload("the same pier.jpg", photo);
    expect(again.statusCode).toBe(200);
    expect(again.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(again.headers["cache-control"]).toBe("no-store");
    expect(again.json()).toEqual({
      id,
      url,
      width: 500,
      height: 300,
      existing: true,
      alt: "Workers on the <b>pier</b> & gulls",
      caption: 'Vladivostok, "happier" times',
      markdown: `![Workers on the <b>pier</b> & gulls](${url} "Vladivostok, \\"happier\\" times")`,
    });
    expect(again.body).not.toMatch(/[<>&]/);
    // Still one picture in the library, under its first name.
    const page = await author.get("/admin/media");
    expect(visibleText(itemOn(page.body, id))).toMatch(/pier\.jpg/);
    expect(visibleText(page.body)).not.toMatch(/the same pier\.jpg/);

    // A different photo is a new one.
    const other = await upload("other.jpg", await plainPicture(500, 301, "jpeg"));
    expect(other.statusCode).toBe(201);
    expect(other.json()).toMatchObject({ existing: false, alt: "", caption: "" });
  });

  it("refuses to delete a picture a post shows, naming the post, and deletes an unused one with its files", async () => {
    const used = (await (await upload("used.png", await plainPicture(600, 400))).json()) as { id: number; url: string };
    const unused = (await (await upload("unused.png", await plainPicture(700, 400))).json()) as { id: number; url: string };
    await blog.longhand.jobs.runDue();
    const user = await createUser(blog.longhand.stores);
    await createPost(blog.longhand.stores, { blog: blog.longhand.instance.blog, author: user }, { title: "A mass exodus", source: `![Pier](${used.url} "Vladivostok")` });
    const filesOf = async (id: number) => {
      const item = (await blog.longhand.stores.media.findById(id))!;
      return [item.file, ...item.variants.map((v) => v.file)];
    };
    const usedFiles = await filesOf(used.id);
    const unusedFiles = await filesOf(unused.id);
    expect(unusedFiles).toHaveLength(4);

    const refused = await author.post(`/admin/media/${used.id}/delete`, {});
    expect(refused.statusCode).toBe(409);
    const box = findOne(refused.body, { className: "error-box" }).inner;
    expect(visibleText(box)).toMatch(/still used by the post “A mass exodus”/);
    expect(findAll(box, { tag: "a" }).map((a) => visibleText(a.inner))).toEqual(["A mass exodus"]);
    for (const f of usedFiles) expect(fs.existsSync(path.join(blog.dataDir, "media", f)), f).toBe(true);
    expect(await blog.longhand.stores.media.findById(used.id)).not.toBeNull();

    const forged = await author.post(`/admin/media/${unused.id}/delete`, { _csrf: "stale" });
    expect(forged.statusCode).toBe(403);
    expect(await blog.longhand.stores.media.findById(unused.id)).not.toBeNull();

    const deleted = await author.post(`/admin/media/${unused.id}/delete`, {});
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe("/admin/media?flash=media-deleted");
    expect(await blog.longhand.stores.media.findById(unused.id)).toBeNull();
    for (const f of unusedFiles) expect(fs.existsSync(path.join(blog.dataDir, "media", f)), f).toBe(false);
    expect(fs.existsSync(path.join(blog.dataDir, "originals", unusedFiles[0]!))).toBe(false);
    expect((await blog.longhand.app.inject(unused.url)).statusCode).toBe(404);
  });

  it("pages through many pictures, newest first", async () => {
    for (let i = 0; i < 21; i++) await upload(`p${i}.png`, await plainPicture(20 + i, 20));
    const first = await author.get("/admin/media");
    expect(visibleText(findOne(first.body, { className: "pagination" }).inner)).toMatch(/Page 1 of 2/);
    const second = await author.get("/admin/media?page=2");
    expect(second.statusCode).toBe(200);
    expect(visibleText(findOne(second.body, { className: "pagination" }).inner)).toMatch(/Newer pictures\s*Page 2 of 2/);
    expect(findAll(first.body, { className: "media-item" })).toHaveLength(20);
  });

  it("needs a signed-in author", async () => {
    const response = await blog.longhand.app.inject("/admin/media");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/admin/sign-in?next=%2Fadmin%2Fmedia");
  });
});
