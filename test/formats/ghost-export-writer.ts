import { createWriteStream } from "node:fs";
import { once } from "node:events";

/**
 * Writes a made-up Ghost export of any size to a file, as a stream, so a test can import a
 * big one without holding it. Each post has a few kilobytes of HTML (or Lexical), a label
 * and an author; a members table of the same order of size stands for the readers' data a
 * real export carries and an import must pass over.
 */
export interface GhostExportShape {
  posts: number;
  /** Rows of the secret members table. */
  members: number;
  /** Where the posts table sits: before the tables that give posts their labels and authors, as Ghost writes it, or after them. */
  postsFirst: boolean;
}

/** The paragraphs a post's body is made of; original text, varied by the post's number. */
const WORDS = ["harbour", "lantern", "tide", "rope", "gull", "pier", "ferry", "salt", "net", "boat", "keel", "buoy"];

function body(n: number): string {
  const paragraphs: string[] = [];
  for (let p = 0; p < 24; p++) {
    const words = Array.from({ length: 40 }, (_, w) => WORDS[(n * 7 + p * 3 + w) % WORDS.length]);
    paragraphs.push(`<p>${words.join(" ")} <a href="https://example.org/${n}/${p}">note ${p}</a> &amp; “more”.</p>`);
  }
  return paragraphs.join("\n");
}

function post(n: number): Record<string, unknown> {
  const row: Record<string, unknown> = {
    id: `p${n}`,
    uuid: `uuid-${n}`,
    title: `Harbour note ${n}`,
    slug: `harbour-note-${n}`,
    status: "published",
    type: "post",
    visibility: "public",
    published_at: "2024-05-02T18:30:00.000Z",
    updated_at: "2024-05-03T09:00:00.000Z",
    plaintext: "a plain copy the import does not read ".repeat(20),
  };
  if (n % 10 === 0) {
    row.lexical = JSON.stringify({ root: { type: "root", children: [{ type: "paragraph", children: [{ type: "text", text: `Lexical note ${n}` }] }] } });
  } else {
    row.html = body(n);
  }
  return row;
}

/** Writes the export; resolves to its size in bytes. */
export async function writeGhostExport(path: string, shape: GhostExportShape): Promise<number> {
  const out = createWriteStream(path);
  let size = 0;
  const write = async (text: string) => {
    size += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  };
  const table = async (name: string, count: number, row: (i: number) => unknown) => {
    await write(`"${name}":[`);
    for (let i = 0; i < count; i++) await write(`${i > 0 ? ",\n" : ""}${JSON.stringify(row(i))}`);
    await write("]");
  };
  const posts = () => table("posts", shape.posts, post);
  const others = async () => {
    await table("tags", 3, (i) => ({ id: `t${i}`, name: `Label ${i}`, slug: `label-${i}` }));
    await write(",");
    await table("users", 2, (i) => ({ id: `u${i}`, name: `Writer ${i}`, email: `writer${i}@example.org`, password: "$2a$10$NOT-A-REAL-HASH" }));
    await write(",");
    await table("posts_tags", shape.posts, (i) => ({ id: `pt${i}`, post_id: `p${i}`, tag_id: `t${i % 3}`, sort_order: 0 }));
    await write(",");
    await table("posts_authors", shape.posts, (i) => ({ id: `pa${i}`, post_id: `p${i}`, author_id: `u${i % 2}`, sort_order: 0 }));
    await write(",");
    await table("settings", 2, (i) => (i === 0 ? { key: "title", value: "Harbour Lights" } : { key: "members_private_key", value: "MEMORY-TEST-SECRET" }));
    await write(",");
    await table("members", shape.members, (i) => ({ id: `m${i}`, email: `reader${i}@example.org`, note: "MEMORY-TEST-SECRET ".repeat(20) }));
  };
  await write('{"db":[{"meta":{"exported_on":1714600000000,"version":"5.82.0"},"data":{');
  if (shape.postsFirst) {
    await posts();
    await write(",");
    await others();
  } else {
    await others();
    await write(",");
    await posts();
  }
  await write("}}]}\n");
  out.end();
  await once(out, "finish");
  return size;
}
