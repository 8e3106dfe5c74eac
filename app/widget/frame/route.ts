import { route } from "@/lib/http/route";
import { widgetFrame } from "@/lib/widget/frame";
import { frameQuery } from "@/lib/widget/schemas";
import { businessForKey } from "@/lib/widget/service";

/** The widget's iframe document, for one business and the page origin that embeds it. */
export const GET = route({ public: true, query: frameQuery }, async ({ query }) => {
  const { html, headers } = widgetFrame(await businessForKey(query.key), query.host);
  return new Response(html, { headers });
});
