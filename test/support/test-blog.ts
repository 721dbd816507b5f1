import { loadConfig } from "../../src/config.js";
import type { CommentDefences } from "../../src/domain/blog.js";
import { buildLonghand, type Longhand } from "../../src/main.js";
import type { Clock } from "../../src/services/clock.js";
import { DEMO_BLOG } from "../../src/services/demo-blog-content.js";
import { MEDIA_ADOPT_JOB } from "../../src/services/media.service.js";
import { createTestSchema, dropTestSchema, makeTempDir, TEST_POSTGRES_URL, testDialects, withSchemaLock, type TestDialect } from "./databases.js";

/** The owner account every test blog starts with. */
export const OWNER = { email: "author@example.com", password: "correct horse battery" } as const;

/** A whole Longhand over a fresh data folder (and fresh PostgreSQL schema when asked). */
export interface TestBlog {
  longhand: Longhand;
  dataDir: string;
  /**
   * Another Longhand over the same database and data folder, as a second app node or a CLI
   * command run beside the server would be. The caller closes it.
   */
  anotherProcess(): Promise<Longhand>;
  /** Stops the app and removes its data. */
  dispose(): Promise<void>;
}

/** Options for a test blog. */
export interface TestBlogOptions {
  dialect?: TestDialect["name"];
  /**
   * Comment defences to set on the demo blog. By default the "too fast" rule is off: tests
   * send a form within milliseconds of loading it, which is exactly what that rule holds.
   */
  defences?: Partial<CommentDefences>;
  clock?: Clock;
  env?: Record<string, string>;
  /** Where the app's log lines go (give LONGHAND_LOG_LEVEL in `env` too; the default is silent). */
  logDestination?: NodeJS.WritableStream;
}

/**
 * Builds a Longhand exactly as `longhand serve` does (demo blog included), on SQLite unless
 * `dialect: "postgres"` is asked for. Not listening: use `longhand.app.inject()`, or
 * `listen()` for a real socket.
 */
export async function startTestBlog(options: TestBlogOptions = {}): Promise<TestBlog> {
  const temp = makeTempDir();
  let schema: string | undefined;
  const env: Record<string, string> = {
    LONGHAND_DATA: temp.dir,
    LONGHAND_ADMIN_EMAIL: OWNER.email,
    LONGHAND_ADMIN_PASSWORD: OWNER.password,
    LONGHAND_LOG_LEVEL: "silent",
    PORT: "0",
    ...options.env,
  };
  if (options.dialect === "postgres") {
    schema = await createTestSchema("app");
    env.DATABASE_URL = TEST_POSTGRES_URL;
  }
  const build = () => buildLonghand(loadConfig(env), { clock: options.clock, postgresSchema: schema, signInDelayMs: 1, logDestination: options.logDestination });
  // Building migrates; on PostgreSQL that must not overlap another worker dropping its schema.
  const longhand = schema ? await withSchemaLock(build) : await build();
  await longhand.stores.blogs.update(longhand.instance.blog.id, { minSeconds: 0, ...options.defences }, new Date());
  return {
    longhand,
    dataDir: temp.dir,
    anotherProcess: () => (schema ? withSchemaLock(build) : build()),
    async dispose() {
      await longhand.close();
      if (schema) await dropTestSchema(schema);
      temp.remove();
    },
  };
}

/**
 * Leaves the demo photo out of the media library: a new blog queues it to be processed like
 * an upload, and tests that count the library's pictures or the jobs that run start from none.
 */
export async function withoutDemoPhotoJob(blog: TestBlog): Promise<void> {
  const { longhand } = blog;
  for (const file of DEMO_BLOG.mediaFiles) await longhand.stores.jobs.cancelQueued(MEDIA_ADOPT_JOB, { blogId: longhand.instance.blog.id, file });
}

/** The dialects available here (PostgreSQL required in CI), for suites that run on each. */
export { testDialects };
