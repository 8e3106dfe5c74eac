import { json, noContent, route } from "@/lib/http/route";
import { templateParams } from "@/lib/templates/api-docs";
import { updateTemplateInput } from "@/lib/templates/schemas";
import { deleteTemplate, getTemplate, updateTemplate } from "@/lib/templates/service";

export const GET = route({ params: templateParams }, async ({ actor, params }) => json(await getTemplate(actor, params.businessId, params.templateId)));

export const PATCH = route({ params: templateParams, body: updateTemplateInput }, async ({ actor, params, body }) =>
  json(await updateTemplate(actor, params.businessId, params.templateId, body)),
);

export const DELETE = route({ params: templateParams }, async ({ actor, params }) => {
  await deleteTemplate(actor, params.businessId, params.templateId);
  return noContent();
});
