import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainPicture } from "../services/media/photos.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { findAll, findOne, visibleText } from "../support/page-reader.js";
import { startTestBlog, withoutDemoPhotoJob, type TestBlog } from "../support/test-blog.js";

// The editor's photo tools talk to the media library as a script: the list of recent photos
// to reuse (GET /admin/media.json) and saving the alt text and caption the author just gave.

interface PickerList {
  page: number;
  pageCount: number;
  total: number;
  items: { id: number; url: string; thumbUrl: string; thumbWidth: number; thumbHeight: number; name: string; width: number; height: number; alt: string; caption: string }[];
}

describe("the editor's photo picker", () => {
  let blog: TestBlog;
  let author: InjectClient;

  /** Uploads a picture as the editor does, named as the author's computer named it. */
  async function keep(name: string, width = 300, height = 200) {
    const boundary = "----LonghandEditorPhoto";
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name.replace(/"/g, "%22")}"\r\nContent-Type: image/png\r\n\r\n`),
      await plainPicture(width, height),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await blog.longhand.app.inject({
      method: "POST",
      url: "/admin/media",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, accept: "application/json", cookie: author.cookie, "x-csrf-token": author.csrf },
      payload,
    });
    expect(response.statusCode, name).toBe(201);
    return (await blog.longhand.stores.media.findById((response.json() as { id: number }).id))!;
  }

  /** Sets a picture's alt text and caption as the library page does. */
  const describePhoto = (id: number, alt: string, caption: string) => blog.longhand.stores.media.updateText(id, { alt, caption }, new Date());

  beforeAll(async () => {
    blog = await startTestBlog();
    await withoutDemoPhotoJob(blog);
    author = await signIn(blog.longhand.app);
  });
  afterAll(() => blog.dispose());

  it("lists the newest photos first with thumbnail, name, size, alt text and caption, page by page", async () => {
    const pier = await keep("pier.png", 1200, 800);
    await describePhoto(pier.id, "The pier", "Before the storm");
    const quay = await keep("quay.png", 400, 300);

    const response = await author.get("/admin/media.json");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.headers["cache-control"]).toBe("no-store");
    const list = response.json() as PickerList;
    expect(list).toMatchObject({ page: 1, pageCount: 1, total: 2 });
    expect(list.items).toEqual([
      { id: quay.id, url: `/media/${quay.file}`, thumbUrl: `/media/${quay.file}`, thumbWidth: 240, thumbHeight: 180, name: "quay.png", width: 400, height: 300, alt: "", caption: "" },
      { id: pier.id, url: `/media/${pier.file}`, thumbUrl: `/media/${pier.file}`, thumbWidth: 240, thumbHeight: 160, name: "pier.png", width: 1200, height: 800, alt: "The pier", caption: "Before the storm" },
    ]);

    // Once its sizes are made, the thumbnail is the small WebP.
    await blog.longhand.jobs.runDue();
    const ready = (await author.get("/admin/media.json")).json() as PickerList;
    expect(ready.items.find((i) => i.id === pier.id)!.thumbUrl).toBe(`/media/${pier.file.replace(".png", "-480.webp")}`);

    for (let i = 0; i < 20; i++) await keep(`p${i}.png`, 20 + i, 20);
    const second = (await author.get("/admin/media.json?page=2")).json() as PickerList;
    expect(second).toMatchObject({ page: 2, pageCount: 2, total: 22 });
    expect(second.items.map((i) => i.name)).toEqual(["quay.png", "pier.png"]);
    expect((await author.get("/admin/media.json?page=0")).statusCode).toBe(400);
    expect((await author.get("/admin/media.json?page=abc")).statusCode).toBe(400);
  });

  it("sends names and text exactly as plain JSON strings, never as markup", async () => {
    const hostile = await keep(`</script><img src=x onerror=alert(1)>"quote".png`, 30, 30);
    await describePhoto(hostile.id, "<b>bold</b>", 'She said "hi" & left');
    const response = await author.get("/admin/media.json");
    // No angle bracket or ampersand goes out as itself, even inside a JSON string.
    expect(response.body).not.toMatch(/[<>&]/);
    expect(response.body).toContain("\\u003cb\\u003ebold\\u003c/b\\u003e");
    const item = (response.json() as PickerList).items.find((i) => i.id === hostile.id)!;
    expect(item).toMatchObject({ alt: "<b>bold</b>", caption: 'She said "hi" & left' });
    // What follows the last slash, as the library keeps every name: a name never becomes a path.
    expect(item.name).toBe(`script><img src=x onerror=alert(1)>%22quote%22.png`);
    expect(item.url).toMatch(/^\/media\/[0-9a-f]{16}\.png$/);
  });

  it("gives nothing to a signed-out visitor", async () => {
    const response = await blog.longhand.app.inject({ method: "GET", url: "/admin/media.json", headers: { accept: "application/json" } });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/admin\/sign-in\?next=/);
    expect(response.body).not.toContain("/media/");
  });

  it("saves the alt text and caption the editor inserted, answering the script with JSON", async () => {
    const photo = await keep("harbour.png", 64, 48);
    const saved = await author.post(`/admin/media/${photo.id}`, { alt: "Boats [two]", caption: 'Dawn, "calm"\nwater' }, { accept: "application/json" });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ id: photo.id, alt: "Boats [two]", caption: 'Dawn, "calm" water', markdown: `![Boats \\[two\\]](/media/${photo.file} "Dawn, \\"calm\\" water")` });
    expect(await blog.longhand.stores.media.findById(photo.id)).toMatchObject({ alt: "Boats [two]", caption: 'Dawn, "calm" water' });

    // The library page's own form still gets the page back.
    const fromPage = await author.post(`/admin/media/${photo.id}`, { alt: "Boats", caption: "" }, { accept: "text/html,application/xhtml+xml" });
    expect(fromPage.statusCode).toBe(303);

    // A forged save changes nothing.
    const forged = await author.post(`/admin/media/${photo.id}`, { _csrf: "stale", alt: "Forged", caption: "" }, { accept: "application/json" });
    expect(forged.statusCode).toBe(403);
    expect(await blog.longhand.stores.media.findById(photo.id)).toMatchObject({ alt: "Boats", caption: "" });
  });

  it("shows the photo tools in the editor only for its script, with the media library link for everyone", async () => {
    const page = (await author.get("/admin/posts/new")).body;
    expect(findOne(page, { attrs: { id: "photo-tools" } }).outer).toMatch(/^<div[^>]*\shidden[\s>]/);
    expect(findAll(page, { tag: "a", attrs: { href: "/admin/media" } }).map((a) => visibleText(a.inner))).toContain("Media library (opens in a new tab)");
    expect(findOne(page, { tag: "label", attrs: { for: "photo-file" } }).inner).toBe("Add photo");
    // The photo's details are asked in a form of their own, outside the post's form.
    expect(findOne(page, { attrs: { id: "editor-form" } }).inner).not.toContain("photo-details");
  });
});
