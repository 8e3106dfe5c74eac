import { apiKeyParams } from "@/lib/api-keys/api-docs";
import { revokeApiKey } from "@/lib/api-keys/service";
import { noContent, route } from "@/lib/http/route";

export const DELETE = route({ params: apiKeyParams }, async ({ actor, params }) => {
  await revokeApiKey(actor, params.businessId, params.keyId);
  return noContent();
});
