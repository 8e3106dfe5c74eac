import { json, route } from "@/lib/http/route";
import { pageQuery } from "@/lib/pagination";
import { templateParams } from "@/lib/templates/api-docs";
import { listTemplateVersions } from "@/lib/templates/service";

export const GET = route({ params: templateParams, query: pageQuery }, async ({ actor, params, query }) =>
  json(await listTemplateVersions(actor, params.businessId, params.templateId, query)),
);
