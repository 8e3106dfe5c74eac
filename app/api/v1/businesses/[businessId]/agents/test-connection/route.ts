import { testConnectionInput } from "@/lib/agents/schemas";
import { testAgentConnection } from "@/lib/agents/service";
import { businessParams } from "@/lib/http/params";
import { json, route } from "@/lib/http/route";

/** A failed connection is a normal answer (`ok: false`), not an HTTP error: the request itself was fine. */
export const POST = route({ params: businessParams, body: testConnectionInput }, async ({ actor, params, body }) =>
  json(await testAgentConnection(actor, params.businessId, body)),
);
