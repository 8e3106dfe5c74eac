import { json, noContent, route } from "@/lib/http/route";
import { stageParams } from "@/lib/stages/api-docs";
import { updateStageInput } from "@/lib/stages/schemas";
import { deleteStage, getStage, updateStage } from "@/lib/stages/service";

export const GET = route({ params: stageParams }, async ({ actor, params }) => json(await getStage(actor, params.businessId, params.stageId)));

export const PATCH = route({ params: stageParams, body: updateStageInput }, async ({ actor, params, body }) =>
  json(await updateStage(actor, params.businessId, params.stageId, body)),
);

export const DELETE = route({ params: stageParams }, async ({ actor, params }) => {
  await deleteStage(actor, params.businessId, params.stageId);
  return noContent();
});
