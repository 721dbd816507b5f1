import { bloggerImporter } from "../formats/blogger-import.js";
import { bloggerTakeoutImporter } from "../formats/blogger-takeout-import.js";
import { disqusImporter } from "../formats/disqus-import.js";
import { ghostImporter } from "../formats/ghost-import.js";
import type { ImportFormat, Importer } from "../formats/import-model.js";
import { longhandArchiveImporter } from "../formats/longhand-archive.js";
import { wordpressImporter } from "../formats/wordpress-import.js";

// A process that only starts imports needs import-formats.ts, not this file: these readers
// are loaded by the import's own thread (import-worker.ts).
export { IMPORT_FORMATS, ImportFormatError, importerFor, sniffFormat, SNIFF_CHARS } from "./import-formats.js";

/** The importer of each format Longhand reads, by the name `longhand import --format` takes; they run on the thread that calls them. */
export const IMPORTERS: Readonly<Partial<Record<ImportFormat, Importer>>> = {
  blogger: bloggerImporter,
  "blogger-takeout": bloggerTakeoutImporter,
  wordpress: wordpressImporter,
  disqus: disqusImporter,
  ghost: ghostImporter,
  longhand: longhandArchiveImporter,
};
