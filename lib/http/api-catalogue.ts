import { agentEndpoints } from "@/lib/agents/api-docs";
import { apiKeyEndpoints } from "@/lib/api-keys/api-docs";
import { businessEndpoints } from "@/lib/businesses/api-docs";
import { conversationEndpoints } from "@/lib/conversations/api-docs";
import { staffEndpoints } from "@/lib/conversations/staff-api-docs";
import { memberEndpoints } from "@/lib/members/api-docs";
import { stageEndpoints } from "@/lib/stages/api-docs";
import { templateEndpoints } from "@/lib/templates/api-docs";
import { openApiDocument, type EndpointDoc } from "./openapi";

/** Every v1 endpoint, area by area; a test checks that each route file's methods appear here. */
export const v1Endpoints: EndpointDoc[] = [...businessEndpoints, ...memberEndpoints, ...apiKeyEndpoints, ...stageEndpoints, ...templateEndpoints, ...agentEndpoints, ...conversationEndpoints, ...staffEndpoints];

export function v1Document(origin: string) {
  return openApiDocument(v1Endpoints, `${origin}/api/v1`);
}
