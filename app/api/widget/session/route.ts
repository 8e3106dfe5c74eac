import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import { originOf } from "@/lib/http/public-url";
import { json, route } from "@/lib/http/route";
import { sessionInput } from "@/lib/widget/schemas";
import { startVisitorSession } from "@/lib/widget/service";

/** A visitor's chat session: a page on an allowed origin gets a token, its conversation and the theme. */
export const POST = route({ public: true, body: sessionInput }, async ({ request, body }) => {
  const appUrl = env().APP_URL;
  const selfOrigins = [new URL(request.url).origin, originOf(request.headers), appUrl && new URL(appUrl).origin].filter((o): o is string => Boolean(o));
  return json(await startVisitorSession(body, { callerOrigin: request.headers.get("origin"), selfOrigins, ip: clientIp(request.headers) }));
});
