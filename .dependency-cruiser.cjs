/**
 * The layer rules of DESIGN.md section 3, enforced in `npm test`:
 * cli -> main -> web -> services -> {formats, themes, content, store} -> domain.
 */
const layer = (name) => `^src/${name}/`;

module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "src/domain holds entities and rules only: it imports no other layer and no package.",
      severity: "error",
      from: { path: layer("domain") },
      to: { pathNot: [layer("domain")] },
    },
    {
      name: "nothing-imports-web",
      comment: "Only the composition root and the CLI may know the web layer.",
      severity: "error",
      from: { pathNot: ["^src/(web|cli)/", "^src/main\\.ts$"] },
      to: { path: layer("web") },
    },
    {
      name: "nothing-imports-cli",
      severity: "error",
      from: { pathNot: layer("cli") },
      to: { path: layer("cli") },
    },
    {
      name: "only-main-and-cli-import-main",
      severity: "error",
      from: { pathNot: "^src/cli/" },
      to: { path: "^src/main\\.ts$" },
    },
    {
      name: "services-know-no-http",
      comment: "Services are use cases; HTTP lives in src/web only.",
      severity: "error",
      from: { path: "^src/(services|store|content|formats|themes|domain)/" },
      to: { path: ["^src/web/", "node_modules/(fastify|@fastify)/"] },
    },
    {
      name: "lower-layers-do-not-import-services",
      severity: "error",
      from: { path: "^src/(store|content|formats|themes|domain)/" },
      to: { path: layer("services") },
    },
    {
      name: "sql-only-in-store",
      comment: "Only src/store talks to the database.",
      severity: "error",
      from: { pathNot: "^src/store/" },
      to: { path: "node_modules/(kysely|better-sqlite3|pg)/" },
    },
    {
      name: "drivers-only-in-dialects",
      comment: "Only src/store/dialects imports a database driver.",
      severity: "error",
      from: { pathNot: "^src/store/dialects/" },
      to: { path: "node_modules/(better-sqlite3|pg)/" },
    },
    {
      name: "content-formats-themes-stay-apart-from-store",
      severity: "error",
      from: { path: "^src/(content|formats|themes)/" },
      to: { path: layer("store") },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
