/**
 * Where to go after signing in: only a path inside the dashboard, so a crafted link
 * ("?next=https://evil.example" or "//evil.example") cannot send the author elsewhere.
 */
export function safeNextPath(next: string | undefined): string {
  if (!next || !next.startsWith("/admin") || next.startsWith("//") || /[\\\s]/.test(next)) return "/admin";
  try {
    const url = new URL(next, "http://longhand.invalid");
    return url.origin === "http://longhand.invalid" && url.pathname.startsWith("/admin") ? url.pathname + url.search : "/admin";
  } catch {
    return "/admin";
  }
}
