import { z } from "zod";
import { businessParams } from "@/lib/http/params";
import { pageOf, timestamp, type EndpointDoc } from "@/lib/http/openapi";
import { pageQuery } from "@/lib/pagination";
import { apiKeyScope, createApiKeyInput } from "./schemas";

export const apiKeyParams = businessParams.extend({ keyId: z.uuid() });

const apiKeyResource = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe("The start of the secret, to recognise the key."),
  scopes: z.array(apiKeyScope),
  lastUsedAt: timestamp.nullable(),
  createdAt: timestamp,
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});

export const apiKeyEndpoints: EndpointDoc[] = [
  { method: "get", path: "/businesses/{businessId}/api-keys", tag: "API keys", summary: "List active API keys", params: businessParams, query: pageQuery, response: { status: 200, schema: pageOf(apiKeyResource) } },
  {
    method: "post",
    path: "/businesses/{businessId}/api-keys",
    tag: "API keys",
    summary: "Create an API key; the response's `secret` is shown only once",
    params: businessParams,
    body: createApiKeyInput,
    response: { status: 201, schema: apiKeyResource.extend({ secret: z.string() }) },
  },
  { method: "delete", path: "/businesses/{businessId}/api-keys/{keyId}", tag: "API keys", summary: "Revoke an API key (at once)", params: apiKeyParams, response: { status: 204 } },
];
