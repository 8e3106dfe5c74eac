import { createApiKeyInput } from "@/lib/api-keys/schemas";
import { createApiKey, listApiKeys } from "@/lib/api-keys/service";
import { businessParams } from "@/lib/http/params";
import { created, json, route } from "@/lib/http/route";
import { pageQuery } from "@/lib/pagination";

export const GET = route({ params: businessParams, query: pageQuery }, async ({ actor, params, query }) =>
  json(await listApiKeys(actor, params.businessId, query)),
);

/** Answers the key with its `secret`, the only time it is shown. */
export const POST = route({ params: businessParams, body: createApiKeyInput }, async ({ actor, params, body }) =>
  created(await createApiKey(actor, params.businessId, body)),
);
