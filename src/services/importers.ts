import { bloggerImporter } from "../formats/blogger-import.js";
import { bloggerTakeoutImporter } from "../formats/blogger-takeout-import.js";
import { disqusImporter } from "../formats/disqus-import.js";
import { ghostImporter } from "../formats/ghost-import.js";
import type { ImportFormat, Importer } from "../formats/import-model.js";
import { threadedImporter } from "./import-thread.js";
export { ImportFormatError } from "../formats/import-model.js";
import { longhandArchiveImporter } from "../formats/longhand-archive.js";
import { wordpressImporter } from "../formats/wordpress-import.js";

export { sniffFormat, SNIFF_CHARS } from "../formats/format-sniffer.js";

/** The importer of each format Longhand reads, by the name `longhand import --format` takes; they run on the thread that calls them. */
export const IMPORTERS: Readonly<Partial<Record<ImportFormat, Importer>>> = {
  blogger: bloggerImporter,
  "blogger-takeout": bloggerTakeoutImporter,
  wordpress: wordpressImporter,
  disqus: disqusImporter,
  ghost: ghostImporter,
  longhand: longhandArchiveImporter,
};

/** The names of the formats that can be imported, for help and error messages. */
export const IMPORT_FORMATS = Object.keys(IMPORTERS) as ImportFormat[];

/**
 * The importer for a format name, or null when Longhand reads no such format. It reads on a
 * thread of its own (see import-thread.ts) and yields what the format's importer yields.
 */
export function importerFor(name: string): Importer | null {
  return Object.hasOwn(IMPORTERS, name) && IMPORTERS[name as ImportFormat] ? threadedImporter(name as ImportFormat) : null;
}
