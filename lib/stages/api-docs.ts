import { z } from "zod";
import { businessParams } from "@/lib/http/params";
import { pageOf, timestamp, type EndpointDoc } from "@/lib/http/openapi";
import { pageQuery } from "@/lib/pagination";
import { captureFieldTypes, createStageInput, reorderStagesInput, updateStageInput } from "./schemas";

export const stageParams = businessParams.extend({ stageId: z.uuid() });

const stageResource = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  goal: z.string(),
  instructions: z.string(),
  exitCriteria: z.string(),
  fields: z.array(z.object({ key: z.string(), label: z.string(), type: z.enum(captureFieldTypes), required: z.boolean(), options: z.array(z.string()).optional() })),
  nextStageIds: z.array(z.uuid()).describe("Allowed next stages; empty means the next stage in order."),
  keywordRules: z.array(z.object({ match: z.enum(["keywords", "regex"]), pattern: z.string(), nextStageId: z.uuid() })),
  isEntry: z.boolean(),
  isTerminal: z.boolean(),
  requestsHuman: z.boolean(),
  position: z.int(),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const problemResource = z.object({
  code: z.string().describe("The kind of problem, e.g. `unreachable`, `dead_end`, `no_entry`."),
  stageId: z.uuid().nullable().describe("The stage to fix; null only while the pipeline has no stages."),
  field: z.string().nullable().describe("The field of that stage at fault, e.g. `nextStageIds`."),
  message: z.string(),
});

export const stageEndpoints: EndpointDoc[] = [
  {
    method: "get",
    path: "/businesses/{businessId}/stages",
    tag: "Stages",
    summary: "List stages in pipeline order, with the pipeline's current problems",
    params: businessParams,
    query: pageQuery,
    response: { status: 200, schema: pageOf(stageResource).extend({ problems: z.array(problemResource) }) },
  },
  {
    method: "post",
    path: "/businesses/{businessId}/stages",
    tag: "Stages",
    summary: "Create a stage; refused (422) if it would introduce a pipeline problem",
    params: businessParams,
    body: createStageInput,
    response: { status: 201, schema: stageResource },
  },
  { method: "get", path: "/businesses/{businessId}/stages/{stageId}", tag: "Stages", summary: "Get a stage", params: stageParams, response: { status: 200, schema: stageResource } },
  {
    method: "patch",
    path: "/businesses/{businessId}/stages/{stageId}",
    tag: "Stages",
    summary: "Change a stage, or archive it with `archived: true`; refused (422) if it would introduce a pipeline problem",
    params: stageParams,
    body: updateStageInput,
    response: { status: 200, schema: stageResource },
  },
  {
    method: "delete",
    path: "/businesses/{businessId}/stages/{stageId}",
    tag: "Stages",
    summary: "Delete a stage (409 `conflict` while it is in use: archive it instead)",
    params: stageParams,
    response: { status: 204 },
  },
  {
    method: "put",
    path: "/businesses/{businessId}/stages/order",
    tag: "Stages",
    summary: "Reorder the stages: list every stage id of the business, in the new order",
    params: businessParams,
    body: reorderStagesInput,
    response: { status: 200, schema: z.object({ data: z.array(stageResource) }) },
  },
];
