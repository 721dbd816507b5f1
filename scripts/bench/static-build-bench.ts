/**
 * Times `longhand build`: a full build of a generated blog into an empty folder, then, after
 * one post is edited, the incremental build that brings the folder up to date. Both write
 * into a memory-backed folder (/dev/shm) when the machine has one, as the issue's
 * comparison figures were measured, so the disk does not decide the result.
 *
 *   node --import tsx scripts/bench/static-build-bench.ts [--posts 4000]
 *
 * Prints the figures and writes them as JSON into bench-results/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { loadConfig } from "../../src/config.js";
import { buildLonghand } from "../../src/main.js";
import { makeBenchBlog } from "./make-blog.js";
import { machineInfo, wholeNumber, writeResults } from "./report.js";

/** What one measurement found. */
export interface StaticBuildFigures {
  posts: number;
  /** Documents in the built site: pages, feeds, the sitemap… */
  pages: number;
  /** Wall time of the full build into an empty folder. */
  fullMs: number;
  /** Wall time of the second build, after one post was edited. */
  incrementalMs: number;
  /** Files the second build wrote. */
  rewrittenAfterEdit: number;
}

/** Where temporary folders go: memory when the machine has it. */
function scratchDir(): string {
  return fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
}

/**
 * Makes a blog of `posts` posts (30 labels, one post with 200 comments) with makeBenchBlog,
 * builds it into `outDir` (a new folder in /dev/shm by default, removed afterwards), edits
 * one post in the middle of the blog and builds again.
 */
export async function measureStaticBuild(options: { posts: number; outDir?: string }): Promise<StaticBuildFigures> {
  const work = fs.mkdtempSync(path.join(scratchDir(), "longhand-static-bench-"));
  const dataDir = path.join(work, "data");
  const outDir = options.outDir ?? path.join(work, "site");
  try {
    const blog = await makeBenchBlog(dataDir, { posts: options.posts, labels: 30, commentedPostComments: 200 });
    const longhand = await buildLonghand(loadConfig({ LONGHAND_DATA: dataDir, LONGHAND_LOG_LEVEL: "silent", LONGHAND_PAGE_CACHE: "off" }), { demoContent: false });
    try {
      const full = await longhand.staticSite.build(outDir, { commentsTo: null });

      // The author adds a line to a post in the middle of the blog.
      const edited = await longhand.stores.posts.findByPath(blog.blogId, blog.postPaths[Math.floor(blog.postPaths.length / 2)]!);
      if (!edited) throw new Error("static-build-bench: the post to edit is missing");
      await longhand.stores.posts.update(edited.id, { source: `${edited.source}\n\nA line added later.`, html: `${edited.html}\n<p>A line added later.</p>` }, new Date());

      const incremental = await longhand.staticSite.build(outDir, { commentsTo: null });
      return { posts: options.posts, pages: full.pages, fullMs: full.ms, incrementalMs: incremental.ms, rewrittenAfterEdit: incremental.written.length };
    } finally {
      await longhand.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { posts: { type: "string", default: "4000" } } });
  const posts = wholeNumber("posts", values.posts, 1);
  console.log(`Making a blog of ${posts} posts and building it twice into ${scratchDir()}…`);
  const figures = await measureStaticBuild({ posts });
  const at = new Date().toISOString();
  console.log(
    [
      `Static build of ${figures.posts} posts (${figures.pages} pages, feeds and files):`,
      `  full build:         ${(figures.fullMs / 1000).toFixed(2)} s`,
      `  after one edit:     ${(figures.incrementalMs / 1000).toFixed(3)} s, ${figures.rewrittenAfterEdit} files rewritten`,
    ].join("\n"),
  );
  console.log(`Results written to ${writeResults("static-build", { at, machine: machineInfo(), ...figures }, at)}`);
}
