import { businessParams } from "@/lib/http/params";
import { created, json, route } from "@/lib/http/route";
import { pageQuery } from "@/lib/pagination";
import { createStageInput } from "@/lib/stages/schemas";
import { createStage, listStages } from "@/lib/stages/service";

/** The page of stages plus the problems of the whole pipeline. */
export const GET = route({ params: businessParams, query: pageQuery }, async ({ actor, params, query }) =>
  json(await listStages(actor, params.businessId, query)),
);

export const POST = route({ params: businessParams, body: createStageInput }, async ({ actor, params, body }) =>
  created(await createStage(actor, params.businessId, body)),
);
