import { actorForApiKey } from "@/lib/api-keys/service";
import { getUser } from "@/lib/auth/accounts";
import { userActor, type Actor } from "@/lib/auth/actor";
import { userIdFromCookieHeader } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { AppError, NotFoundError, UnauthenticatedError } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origins this deployment answers on: the request's own host, and APP_URL when set. */
function isSameOrigin(request: Request, origin: string): boolean {
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const hosts = [request.headers.get("host"), new URL(request.url).host];
  if (env().TRUST_PROXY) hosts.push(request.headers.get("x-forwarded-host"));
  const appUrl = env().APP_URL;
  if (appUrl) hosts.push(new URL(appUrl).host);
  return hosts.includes(originHost);
}

/**
 * Who sent an API request. A session cookie is accepted only with a same-origin `Origin` on
 * unsafe methods (a cross-site form or fetch cannot ride on the cookie); a Bearer token needs no
 * such check because browsers never attach it on their own.
 */
export async function authenticateRequest(request: Request): Promise<Actor> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const [scheme, secret] = authorization.trim().split(/\s+/, 2);
    const keyActor = scheme?.toLowerCase() === "bearer" && secret ? await actorForApiKey(secret) : null;
    if (!keyActor) throw new UnauthenticatedError("The API key is not valid or was revoked.");
    return keyActor;
  }
  const userId = await userIdFromCookieHeader(request.headers.get("cookie"));
  if (!userId) throw new UnauthenticatedError();
  if (!SAFE_METHODS.has(request.method)) {
    const origin = request.headers.get("origin");
    if (!origin || !isSameOrigin(request, origin)) {
      throw new AppError("origin_mismatch", "Cookie-authenticated changes must come from this site (Origin header).");
    }
  }
  try {
    await getUser(userId);
  } catch (error) {
    // The account was deleted after the cookie was issued.
    if (error instanceof NotFoundError) throw new UnauthenticatedError();
    throw error;
  }
  return userActor(userId);
}
