import { updateBusinessInput } from "@/lib/businesses/schemas";
import { archiveBusiness, getBusiness, updateBusiness } from "@/lib/businesses/service";
import { businessParams } from "@/lib/http/params";
import { json, noContent, route } from "@/lib/http/route";

export const GET = route({ params: businessParams }, async ({ actor, params }) =>
  json(await getBusiness(actor, { id: params.businessId })),
);

export const PATCH = route({ params: businessParams, body: updateBusinessInput }, async ({ actor, params, body }) =>
  json(await updateBusiness(actor, params.businessId, body)),
);

/** Archives (soft-deletes) the business; `PATCH { "archived": false }` restores it. */
export const DELETE = route({ params: businessParams }, async ({ actor, params }) => {
  await archiveBusiness(actor, params.businessId);
  return noContent();
});
