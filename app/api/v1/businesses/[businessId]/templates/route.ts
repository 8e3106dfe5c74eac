import { businessParams } from "@/lib/http/params";
import { created, json, route } from "@/lib/http/route";
import { createTemplateInput, listTemplatesQuery } from "@/lib/templates/schemas";
import { createTemplate, listTemplates } from "@/lib/templates/service";

export const GET = route({ params: businessParams, query: listTemplatesQuery }, async ({ actor, params, query }) =>
  json(await listTemplates(actor, params.businessId, query)),
);

export const POST = route({ params: businessParams, body: createTemplateInput }, async ({ actor, params, body }) =>
  created(await createTemplate(actor, params.businessId, body)),
);
