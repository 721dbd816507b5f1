import type { ImportFormat, Importer } from "../formats/import-model.js";
import { threadedImporter } from "./import-thread.js";
export { ImportFormatError } from "../formats/import-model.js";
export { sniffFormat, SNIFF_CHARS } from "../formats/format-sniffer.js";

// What the process that starts an import needs to know of the formats: their names, and how
// to start one. The formats' readers (importers.ts) run on the import's own thread, so a
// serving process never loads them or the XML and JSON parsers they bring.

/** The names of the formats that can be imported, as `longhand import --format` takes them. */
export const IMPORT_FORMATS: ImportFormat[] = ["blogger", "blogger-takeout", "wordpress", "disqus", "ghost", "longhand"];

/**
 * The importer for a format name, or null when Longhand reads no such format. It reads on a
 * thread of its own (see import-thread.ts) and yields what the format's importer yields.
 */
export function importerFor(name: string): Importer | null {
  return (IMPORT_FORMATS as string[]).includes(name) ? threadedImporter(name as ImportFormat) : null;
}
