import { businessParams } from "@/lib/http/params";
import { json, route } from "@/lib/http/route";
import { reorderStagesInput } from "@/lib/stages/schemas";
import { reorderStages } from "@/lib/stages/service";

export const PUT = route({ params: businessParams, body: reorderStagesInput }, async ({ actor, params, body }) =>
  json({ data: await reorderStages(actor, params.businessId, body) }),
);
