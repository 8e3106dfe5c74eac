/**
 * Widget origins are compared exactly (scheme, host and port): no wildcards, so a business
 * lists each site that may embed its widget. Plain http is accepted only for local development.
 */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The canonical form of an origin as typed (`https://Shop.example.com/` → `https://shop.example.com`), or an explanation. */
export function parseOrigin(input: string): { origin: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { error: "Enter an origin such as https://shop.example.com." };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { error: "Use an https:// origin." };
  if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname)) return { error: "Enter one exact host name; wildcards are not allowed." };
  if (url.protocol === "http:" && !LOCAL_HOSTS.has(url.hostname)) return { error: "Use https://; plain http:// is allowed only for localhost." };
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) {
    return { error: "Enter only the origin (scheme, host and port), without a path." };
  }
  return { origin: url.origin };
}

/** Whether a page's origin is one of the allowed ones; a missing or opaque ("null") origin never is. */
export function originAllowed(origin: string | null | undefined, allowed: readonly string[]): boolean {
  if (!origin || origin === "null") return false;
  const parsed = parseOrigin(origin);
  return "origin" in parsed && allowed.includes(parsed.origin);
}
