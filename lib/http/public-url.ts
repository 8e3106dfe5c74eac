import { env } from "@/lib/env";

/** An absolute URL on this deployment: APP_URL when configured, else the caller's origin. */
export function publicUrl(path: string, requestOrigin?: string): string {
  return new URL(path, env().APP_URL ?? requestOrigin ?? `http://localhost:${env().PORT}`).toString();
}

/** The origin a request was made to, from its Host header (and the proxy's protocol, if any). */
export function originOf(headers: Headers): string | undefined {
  const host = headers.get("host");
  if (!host) return undefined;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${host}`;
}

export const invitationPath = (token: string) => `/invite/${token}`;
