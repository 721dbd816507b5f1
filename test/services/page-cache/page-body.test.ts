import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { PageBody } from "../../../src/services/page-cache/page-body.js";

const SLOT = "lh-slot-test";
const page = (paragraphs: number) =>
  `<!doctype html><title>Harbour</title>${Array.from({ length: paragraphs }, (_, i) => `<p>Paragraph ${i} about the ferry, the pier and the lamps — æøå.</p>`).join("")}`;

describe("a kept page's body", () => {
  it("is sent as it was rendered, and in gzip and brotli once they are made", async () => {
    const text = page(200);
    const body = PageBody.of(text);
    expect(body.encodingFor("gzip, br")).toBe("identity");

    await body.compress();

    expect(body.encodingFor("gzip, deflate, br")).toBe("br");
    expect(zlib.brotliDecompressSync(body.render("br", () => "")).toString()).toBe(text);
    expect(body.encodingFor("gzip")).toBe("gzip");
    expect(zlib.gunzipSync(body.render("gzip", () => "")).toString()).toBe(text);
    expect(body.render("identity", () => "").toString()).toBe(text);
    expect(body.bytes).toBeGreaterThan(Buffer.byteLength(text));
  });

  it("honours a coding the reader refuses with q=0, and sends plain bytes to a reader who names none", async () => {
    const body = PageBody.of(page(100));
    await body.compress();
    expect(body.encodingFor("br;q=0, gzip")).toBe("gzip");
    expect(body.encodingFor("br;q=0, gzip;q=0")).toBe("identity");
    expect(body.encodingFor(undefined)).toBe("identity");
  });

  it("fills every slot afresh for each response, in a gzip stream any reader decodes", async () => {
    const text = `${page(50)}<input name="form_token" value="${SLOT}">${page(50)}<a data-t="${SLOT}">x</a>`;
    const body = PageBody.of(text, SLOT);
    await body.compress();
    let issued = 0;
    const fill = () => `token-${++issued}-ÆØÅ`;

    expect(body.encodingFor("gzip, br")).toBe("gzip");
    const first = zlib.gunzipSync(body.render("gzip", fill)).toString();
    const second = zlib.gunzipSync(body.render("gzip", fill)).toString();

    expect(first).toBe(text.replace(SLOT, "token-1-ÆØÅ").replace(SLOT, "token-2-ÆØÅ"));
    expect(second).toBe(text.replace(SLOT, "token-3-ÆØÅ").replace(SLOT, "token-4-ÆØÅ"));
    expect(body.render("identity", fill).toString()).toBe(text.replace(SLOT, "token-5-ÆØÅ").replace(SLOT, "token-6-ÆØÅ"));
  });

  it("holds no more memory than the cache counts it at, whatever the page's size", async () => {
    for (const paragraphs of [1, 20, 400]) {
      const body = PageBody.of(page(paragraphs));
      await body.compress();
      const forms = ["br", "gzip", "identity"].map((accepted) => body.render(body.encodingFor(accepted), () => ""));
      // What each form keeps alive is its whole backing store, not only its own bytes.
      const held = new Set(forms.map((form) => form.buffer));
      const heldBytes = [...held].reduce((sum, buffer) => sum + buffer.byteLength, 0);
      expect(heldBytes, `a page of ${paragraphs} paragraphs`).toBeLessThanOrEqual(body.bytes);
    }
  });

  it("names each version with an ETag that does not change with the slot's fill", () => {
    const a = PageBody.of(`<p>one</p>${SLOT}`, SLOT);
    const b = PageBody.of(`<p>one</p>${SLOT}`, SLOT);
    const c = PageBody.of(`<p>two</p>${SLOT}`, SLOT);
    expect(a.etag).toBe(b.etag);
    expect(a.etag).not.toBe(c.etag);
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  });
});
