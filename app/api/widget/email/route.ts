import { clientIp } from "@/lib/http/client-ip";
import { json, route } from "@/lib/http/route";
import { visitorEmail } from "@/lib/realtime/events";
import { leaveEmail, visitorFromAuthorization } from "@/lib/widget/service";

/** The email a visitor leaves when nobody is online to take the handoff (the socket's `visitor:email` over REST). */
export const POST = route({ public: true, body: visitorEmail }, async ({ request, body }) => {
  const visitor = await visitorFromAuthorization(request.headers.get("authorization"));
  return json({ state: await leaveEmail(visitor, body.email, clientIp(request.headers)) });
});
