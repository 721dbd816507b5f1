import { describe, expect, it } from "vitest";
import { IMPORT_FORMATS, importerFor } from "../../src/services/import-formats.js";
import { IMPORTERS } from "../../src/services/importers.js";

describe("the formats an import can name", () => {
  it("are exactly the formats the import thread has a reader for", () => {
    expect([...IMPORT_FORMATS].sort()).toEqual(Object.keys(IMPORTERS).sort());
    for (const format of IMPORT_FORMATS) expect(importerFor(format), format).not.toBeNull();
  });

  it("know no other name, however close", () => {
    for (const name of ["Wordpress", "wxr", "", "toString", "__proto__", "longhand "]) expect(importerFor(name), name).toBeNull();
  });
});
