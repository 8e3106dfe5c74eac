import { json, route } from "@/lib/http/route";
import { templateParams } from "@/lib/templates/api-docs";
import { previewTemplateInput } from "@/lib/templates/schemas";
import { previewTemplate } from "@/lib/templates/service";

/** Answers `{ text }`, or a 422 whose `errors` locate the problem by line and column. */
export const POST = route({ params: templateParams, body: previewTemplateInput }, async ({ actor, params, body }) =>
  json(await previewTemplate(actor, params.businessId, params.templateId, body)),
);
