import { createAgentInput } from "@/lib/agents/schemas";
import { createAgent, listAgents } from "@/lib/agents/service";
import { businessParams } from "@/lib/http/params";
import { created, json, route } from "@/lib/http/route";
import { pageQuery } from "@/lib/pagination";

export const GET = route({ params: businessParams, query: pageQuery }, async ({ actor, params, query }) =>
  json(await listAgents(actor, params.businessId, query)),
);

export const POST = route({ params: businessParams, body: createAgentInput }, async ({ actor, params, body }) =>
  created(await createAgent(actor, params.businessId, body)),
);
