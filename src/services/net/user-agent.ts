import fs from "node:fs";

/**
 * Longhand's version, from package.json. This file sits three folders below it both in src/
 * (src/services/net) and once compiled (dist/services/net).
 */
export const LONGHAND_VERSION: string = (() => {
  const text = fs.readFileSync(new URL("../../../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
})();

/**
 * The User-Agent every outbound request sends: who is asking and where to find them, so a
 * site owner who sees the requests in a log can tell what they are.
 *
 * @example longhandUserAgent("https://blog.example.com") // "Longhand/0.1.0 (+https://blog.example.com)"
 */
export function longhandUserAgent(baseUrl: string): string {
  return `Longhand/${LONGHAND_VERSION} (+${baseUrl})`;
}
