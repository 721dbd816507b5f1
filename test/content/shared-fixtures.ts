import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Files from other projects, kept next to the checkout and never copied into it (see DESIGN.md §7). */
export const SHARED_FIXTURES = fileURLToPath(new URL("../../../shared/fixtures/", import.meta.url));

/** A lone clone has no shared fixtures and skips those tests; CI must have them and fails instead. */
export const sharedFixturesPresent = existsSync(SHARED_FIXTURES);
export const sharedFixturesRequired = process.env.CI === "true";

/** Skip (with the reason in the test's name) only when the fixtures are absent and CI is not asking for them. */
export const skipWithoutSharedFixtures = !sharedFixturesPresent && !sharedFixturesRequired;

/** The test name, saying why it is skipped when it will be. */
export function nameNeedingSharedFixtures(name: string): string {
  return skipWithoutSharedFixtures ? `${name} (skipped: ../shared/fixtures is absent; required when CI=true)` : name;
}

/** Reads a shared fixture, failing with one clear sentence when CI expected it and it is missing. */
export function readSharedFixture(relativePath: string): string {
  const path = join(SHARED_FIXTURES, relativePath);
  if (!existsSync(path)) throw new Error(`Shared fixture ${path} is missing; CI=true requires ../shared/fixtures.`);
  return readFileSync(path, "utf8");
}

/** Names of the files in a shared fixture folder whose names match `pattern`. */
export function sharedFixtureFiles(folder: string, pattern: RegExp): string[] {
  const path = join(SHARED_FIXTURES, folder);
  if (!existsSync(path)) throw new Error(`Shared fixture folder ${path} is missing; CI=true requires ../shared/fixtures.`);
  return readdirSync(path).filter((name) => pattern.test(name)).sort().map((name) => join(folder, name));
}
