import { z } from "zod";
import { timestamp, type EndpointDoc } from "@/lib/http/openapi";
import { conversationParams, messageResource } from "./api-docs";
import { postMessageInput } from "./schemas";

const path = "/businesses/{businessId}/conversations/{conversationId}";
const tag = "Conversations";
const posted = z.object({ message: messageResource, duplicate: z.boolean().describe("True when this clientMessageId was sent before (answered 200, nothing stored).") });
const stageRef = z.object({ id: z.uuid(), key: z.string(), name: z.string() }).nullable();

export const staffEndpoints: EndpointDoc[] = [
  {
    method: "post",
    path: `${path}/staff-messages`,
    tag,
    summary: "Reply to the contact as staff: takes the conversation over (the AI goes silent), assigns it to the replier when unassigned, answers pending contact messages",
    params: conversationParams,
    body: postMessageInput,
    response: { status: 201, schema: posted },
  },
  { method: "post", path: `${path}/notes`, tag, summary: "Add an internal note, seen by the team only and never by the contact or the model", params: conversationParams, body: postMessageInput, response: { status: 201, schema: posted } },
  {
    method: "get",
    path: `${path}/timeline`,
    tag,
    summary: "The conversation's stage transitions, oldest first, with who made each (rule, ai, or a staff member)",
    params: conversationParams,
    response: {
      status: 200,
      schema: z.object({
        data: z.array(
          z.object({ id: z.uuid(), actor: z.enum(["ai", "staff", "rule"]), reason: z.string(), createdAt: timestamp, from: stageRef, to: stageRef, by: z.object({ id: z.uuid(), name: z.string() }).nullable() }),
        ),
      }),
    },
  },
];
