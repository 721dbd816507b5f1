import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/**
 * A plain static file server, as nginx or `python3 -m http.server` behave with their
 * defaults, for testing what `longhand build` writes: the address decoded to a file, a
 * folder answered by its index.html (and its address without the last "/" redirected to the
 * one with it), the type from the file's extension (application/octet-stream without one),
 * and 404.html for anything missing. Nothing outside the folder is ever read.
 */
export interface StaticServer {
  /** e.g. "http://127.0.0.1:41234". */
  origin: string;
  /** Fetches a path of the site, following redirects. */
  get(pathAndQuery: string): Promise<{ status: number; type: string; body: string }>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".xml": "application/xml",
  ".json": "application/json",
  ".css": "text/css",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".gif": "image/gif",
};

export async function serveStatic(root: string): Promise<StaticServer> {
  const base = path.resolve(root);
  const server = http.createServer((request, response) => {
    const notFound = () => {
      const page = path.join(base, "404.html");
      response.writeHead(404, { "content-type": TYPES[".html"]! }).end(fs.existsSync(page) ? fs.readFileSync(page) : "Not found");
    };
    const url = new URL(request.url ?? "/", "http://static.invalid");
    let segments: string[];
    try {
      segments = url.pathname.split("/").map((s) => decodeURIComponent(s));
    } catch {
      return notFound();
    }
    // As static servers do: a ".." or "." segment names nothing; a NUL names nothing.
    if (segments.some((s) => s === ".." || s === "." || s.includes("\u0000"))) return notFound();
    const file = path.join(base, ...segments);
    if (file !== base && !file.startsWith(base + path.sep)) return notFound();
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) return notFound();
    if (stat.isDirectory()) {
      if (!url.pathname.endsWith("/")) {
        response.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      const index = path.join(file, "index.html");
      if (!fs.existsSync(index)) return notFound();
      response.writeHead(200, { "content-type": TYPES[".html"]! }).end(fs.readFileSync(index));
      return;
    }
    response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    async get(pathAndQuery) {
      const response = await fetch(`${origin}${pathAndQuery}`);
      return { status: response.status, type: response.headers.get("content-type") ?? "", body: await response.text() };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
