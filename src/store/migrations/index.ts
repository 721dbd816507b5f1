import type { Kysely } from "kysely";
import type { SchemaDialect } from "../dialects/schema-dialect.js";
import * as m0001 from "./0001-initial.js";
import * as m0002 from "./0002-comment-defences.js";
import * as m0003 from "./0003-imports.js";
import * as m0004 from "./0004-feeds-and-search.js";
import * as m0005 from "./0005-post-search.js";
import * as m0006 from "./0006-webmentions.js";
import * as m0007 from "./0007-media.js";
import * as m0008 from "./0008-media-content-hash.js";
import * as m0009 from "./0009-password-resets.js";

/** One step of schema history. Frozen once released: fix forward with a new migration. */
export interface SchemaMigration {
  up(db: Kysely<any>, dialect: SchemaDialect): Promise<void>;
}

/** Every migration, in the order they run. Names sort in that order too. */
export const MIGRATIONS: Readonly<Record<string, SchemaMigration>> = {
  "0001-initial": m0001,
  "0002-comment-defences": m0002,
  "0003-imports": m0003,
  "0004-feeds-and-search": m0004,
  "0005-post-search": m0005,
  "0006-webmentions": m0006,
  "0007-media": m0007,
  "0008-media-content-hash": m0008,
  "0009-password-resets": m0009,
};
