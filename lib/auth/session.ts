import { decode, encode } from "next-auth/jwt";
import { authSecret } from "./secret";

/** Auth.js's session cookie: `__Secure-` prefixed over HTTPS. The name doubles as the JWT salt. */
export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

function parseCookies(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    try {
      cookies.set(name, decodeURIComponent(part.slice(index + 1).trim()));
    } catch {
      // A cookie that is not valid percent-encoding is not ours; skip it.
    }
  }
  return cookies;
}

/** Auth.js splits large cookies into `name.0`, `name.1`, …; joins them back. */
function readCookie(cookies: Map<string, string>, name: string): string | undefined {
  const whole = cookies.get(name);
  if (whole) return whole;
  let joined = "";
  for (let i = 0; cookies.has(`${name}.${i}`); i++) joined += cookies.get(`${name}.${i}`);
  return joined || undefined;
}

/**
 * The signed-in user's id from a Cookie header, or null. Route handlers and sockets use this
 * instead of next-auth's `auth()`, which only works inside a Next request.
 */
export async function userIdFromCookieHeader(header: string | null | undefined): Promise<string | null> {
  if (!header) return null;
  const cookies = parseCookies(header);
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    const token = readCookie(cookies, name);
    if (!token) continue;
    try {
      const payload = await decode({ token, secret: authSecret(), salt: name });
      if (payload && typeof payload.sub === "string") return payload.sub;
    } catch {
      // Tampered, expired or signed with another secret: not a session.
    }
  }
  return null;
}

/** A session cookie for a user, as Auth.js would set it (used by tests and tools). */
export async function sessionCookieFor(userId: string): Promise<string> {
  const token = await encode({
    token: { sub: userId },
    secret: authSecret(),
    salt: SESSION_COOKIE,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  return `${SESSION_COOKIE}=${token}`;
}
