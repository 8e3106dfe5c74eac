import { postMessageInput } from "@/lib/conversations/schemas";
import { clientIp } from "@/lib/http/client-ip";
import { json, route } from "@/lib/http/route";
import { visitorMessagesQuery } from "@/lib/widget/schemas";
import { postVisitorMessage, streamVisitorMessage, visitorFromAuthorization, visitorMessages } from "@/lib/widget/service";

export const GET = route({ public: true, query: visitorMessagesQuery }, async ({ request, query }) => {
  const visitor = await visitorFromAuthorization(request.headers.get("authorization"));
  return json(await visitorMessages(visitor, query.after, clientIp(request.headers)));
});

/** As JSON once the reply is complete, or streamed as server-sent events when asked for. */
export const POST = route({ public: true, body: postMessageInput }, async ({ request, body }) => {
  const visitor = await visitorFromAuthorization(request.headers.get("authorization"));
  const ip = clientIp(request.headers);
  if (request.headers.get("accept")?.includes("text/event-stream")) return streamVisitorMessage(visitor, body, ip);
  return json(await postVisitorMessage(visitor, body, ip));
});
