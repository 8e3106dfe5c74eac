import { agentParams } from "@/lib/agents/api-docs";
import { updateAgentInput } from "@/lib/agents/schemas";
import { deleteAgent, getAgent, updateAgent } from "@/lib/agents/service";
import { json, noContent, route } from "@/lib/http/route";

export const GET = route({ params: agentParams }, async ({ actor, params }) => json(await getAgent(actor, params.businessId, params.agentId)));

export const PATCH = route({ params: agentParams, body: updateAgentInput }, async ({ actor, params, body }) =>
  json(await updateAgent(actor, params.businessId, params.agentId, body)),
);

export const DELETE = route({ params: agentParams }, async ({ actor, params }) => {
  await deleteAgent(actor, params.businessId, params.agentId);
  return noContent();
});
