import { apiKeyInput } from "@/lib/agents/schemas";
import { credentialParams } from "@/lib/agents/api-docs";
import { json, noContent, route } from "@/lib/http/route";
import { removeProviderCredential, setProviderCredential } from "@/lib/providers/credentials";

/** Answers the hint only; the key goes one way. */
export const PUT = route({ params: credentialParams, body: apiKeyInput }, async ({ actor, params, body }) =>
  json(await setProviderCredential(actor, params.businessId, params.provider, body.apiKey)),
);

export const DELETE = route({ params: credentialParams }, async ({ actor, params }) => {
  await removeProviderCredential(actor, params.businessId, params.provider);
  return noContent();
});
