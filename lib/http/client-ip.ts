/**
 * server.ts stamps every request with the client's address in this header, overwriting anything
 * the client sent (it honours X-Forwarded-For only when TRUST_PROXY is on), so rate limits
 * cannot be dodged by forging a header.
 */
export const CLIENT_IP_HEADER = "x-parley-client-ip";

export function clientIp(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
