import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { authSecret } from "@/lib/auth/secret";
import { UnauthenticatedError } from "@/lib/errors";

/** A visitor token lasts a day; the widget asks for a new one each time it loads. */
export const VISITOR_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/** `origin`: the page that embeds the widget, checked again on every use so removing it from the allowed origins ends its sessions. */
const payloadSchema = z.strictObject({ businessId: z.uuid(), contactId: z.uuid(), conversationId: z.uuid(), origin: z.string(), exp: z.number().int() });
export type VisitorClaims = z.infer<typeof payloadSchema>;

let cachedKey: { secret: string; key: Buffer } | undefined;

/** A key of its own for visitor tokens, so a token can never pass for a session or another signature. */
function signingKey(): Buffer {
  const secret = authSecret();
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", "parley visitor token v1", 32)) };
  }
  return cachedKey.key;
}

const mac = (body: string) => createHmac("sha256", signingKey()).update(body).digest();

export function signVisitorToken(claims: Omit<VisitorClaims, "exp">, now = Date.now()): { token: string; expiresAt: Date } {
  const exp = Math.floor(now / 1000) + VISITOR_TOKEN_TTL_SECONDS;
  const body = Buffer.from(JSON.stringify({ ...claims, exp })).toString("base64url");
  return { token: `${body}.${mac(body).toString("base64url")}`, expiresAt: new Date(exp * 1000) };
}

/** The claims of a genuine, unexpired token; anything else is 401 (the widget then starts a new session). */
export function verifyVisitorToken(token: string, now = Date.now()): VisitorClaims {
  const invalid = () => new UnauthenticatedError("The visitor token is not valid or has expired.");
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined) throw invalid();
  const given = Buffer.from(signature, "base64url");
  const expected = mac(body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let claims: VisitorClaims;
  try {
    claims = payloadSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString()));
  } catch {
    throw invalid();
  }
  if (claims.exp * 1000 <= now) throw invalid();
  return claims;
}
