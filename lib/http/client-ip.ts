import { env } from "@/lib/env";

/**
 * server.ts stamps every request with the client's address in this header, overwriting anything
 * the client sent (it honours X-Forwarded-For only when TRUST_PROXY is on), so rate limits
 * cannot be dodged by forging a header.
 */
export const CLIENT_IP_HEADER = "x-parley-client-ip";

export function clientIp(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

/** The client's address from a raw request, trusting X-Forwarded-For only behind a proxy we were told about. */
export function clientAddress(headers: Record<string, string | string[] | undefined>, remoteAddress: string | undefined): string {
  const forwarded = headers["x-forwarded-for"];
  if (env().TRUST_PROXY && typeof forwarded === "string") return forwarded.split(",")[0]!.trim();
  return remoteAddress ?? "unknown";
}
