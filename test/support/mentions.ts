import type { Longhand } from "../../src/main.js";
import type { Mention } from "../../src/domain/mention.js";
import type { NewMention } from "../../src/store/index.js";
import { newMention } from "../factories/store-records.js";

/** Where the faces of people from other sites live in these tests; a browser test answers for this host itself. */
export const FACES_ORIGIN = "https://faces.example";

/**
 * Gives the post at `path` one approved mention of every kind (two replies, likes with and
 * without a photo, a repost, a plain link, a bookmark, a pingback and a trackback) and one
 * reply held for moderation, as other sites would have sent them. Returns the held one.
 */
export async function addEveryKindOfMention(longhand: Longhand, path: string): Promise<Mention> {
  const { stores, instance } = longhand;
  const post = await stores.posts.findByPath(instance.blog.id, path);
  if (!post) throw new Error(`no post at ${path}`);
  const at = (day: number) => new Date(Date.UTC(2025, 1, day, 9, 30));
  const add = (day: number, overrides: Partial<NewMention>) =>
    stores.mentions.insert(newMention(post.id, { source: `https://elsewhere.example/${day}`, url: `https://elsewhere.example/${day}`, publishedAt: at(day), ...overrides }), at(day));
  await add(1, { author: { name: "Min Ko", url: "https://min.example/", photo: `${FACES_ORIGIN}/min.jpg` }, html: "<p>I walked out to the end of that pier last winter.</p>" });
  await add(2, { author: { name: "Tove", url: null, photo: null }, html: "<p>My grandfather fished from it.</p>", url: "https://tove.example/notes/2" });
  await add(3, { kind: "like", html: "", author: { name: "Robert", url: "https://robert.example/", photo: `${FACES_ORIGIN}/robert.jpg` } });
  await add(4, { kind: "like", html: "", author: { name: "Jinny", url: null, photo: null } });
  await add(5, { kind: "repost", html: "", author: { name: "Sven", url: "https://sven.example/", photo: null } });
  await add(6, { kind: "mention", html: "", title: "Piers of the north", author: { name: "Kari", url: "https://kari.example/", photo: null } });
  await add(7, { kind: "bookmark", html: "", title: null, author: null, source: "https://links.example/saved", url: "https://links.example/saved" });
  await add(8, { kind: "pingback", html: "", title: "Old harbour links", author: null, source: "https://old.example/?p=9", url: "https://old.example/?p=9" });
  await add(9, { kind: "trackback", html: "", title: "Another old blog", author: { name: "Ola", url: null, photo: null } });
  return add(10, { status: "pending", heldReason: "first mention from held.example", source: "https://held.example/reply", url: "https://held.example/reply", author: { name: "Ada", url: "https://held.example/", photo: null }, html: "<p>Waiting to be seen.</p>" });
}
