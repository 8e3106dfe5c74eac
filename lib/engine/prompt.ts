import type { Agent, Business, CapturedFields, Contact, Conversation, Stage, Template } from "@/db/schema";
import { renderTemplate } from "@/lib/templates/liquid";
import type { TemplateContext } from "@/lib/templates/variables";
import type { Pipeline } from "./decisions";

/** The variables every template of a conversation is rendered with. */
export function templateContext(input: {
  business: Business;
  agent: Pick<Agent, "name" | "description">;
  contact: Contact;
  conversation: Conversation;
  stage: Stage | undefined;
  captured: CapturedFields;
}): TemplateContext {
  const { business, agent, contact, conversation, stage, captured } = input;
  return {
    business: { name: business.name, description: business.description, timezone: business.timezone },
    agent: { name: agent.name, description: agent.description },
    contact: { name: contact.name, email: contact.email, phone: contact.phone, attributes: contact.attributes },
    conversation: { id: conversation.id, channel: conversation.channel, startedAt: conversation.createdAt.toISOString() },
    stage: {
      key: stage?.key ?? "",
      name: stage?.name ?? "",
      goal: stage?.goal ?? "",
      instructions: stage?.instructions ?? "",
      exitCriteria: stage?.exitCriteria ?? "",
      fields: (stage?.fields ?? []).map(({ key, label, type, required }) => ({ key, label, type, required })),
    },
    captured,
  };
}

export const templateOf = (templates: Template[], id: string | null) => templates.find((t) => t.id === id);

/**
 * Renders a template for a conversation. A template that fails at run time (it was valid when
 * saved, but e.g. a filter met an odd value) must not silence the agent: the failure is returned
 * for the engine to record, and the caller falls back.
 */
export async function renderFor(template: Template | undefined, context: TemplateContext): Promise<string | null> {
  if (!template) return null;
  try {
    return (await renderTemplate(template.body, context)).trim() || null;
  } catch {
    return null;
  }
}

/** The system prompt of one turn: the agent's persona, then what the current stage asks for. */
export async function systemPrompt(input: {
  agent: Agent;
  templates: Template[];
  pipeline: Pipeline;
  stage: Stage | undefined;
  context: TemplateContext;
}): Promise<string> {
  const { agent, templates, pipeline, stage, context } = input;
  const persona =
    (await renderFor(
      templates.find((t) => t.id === agent.systemTemplateId),
      context,
    )) ?? `You are ${agent.name}, an assistant of ${context.business.name}. ${agent.description}`.trim();
  const parts = [persona];
  if (stage) {
    const stagePrompt = await renderFor(
      templates.find((t) => t.kind === "stage" && t.stageId === stage.id),
      context,
    );
    const fields = stage.fields.map((f) => {
      const value = context.captured[f.key];
      return `- ${f.key} (${f.type}${f.options?.length ? `: ${f.options.join(" | ")}` : ""}${f.required ? ", required" : ""}) — ${f.label}: ${value === undefined ? "not captured yet" : JSON.stringify(value)}`;
    });
    const next = pipeline.allowedFrom(stage.id).map((s) => `- ${s.key} — ${s.name}${s.goal ? `: ${s.goal}` : ""}`);
    parts.push(
      [
        `## Current stage: ${stage.name} (${stage.key})`,
        stage.goal && `Goal: ${stage.goal}`,
        stage.instructions && `Instructions: ${stage.instructions}`,
        stage.exitCriteria && `Move on when: ${stage.exitCriteria}`,
        fields.length > 0 && `Fields to capture:\n${fields.join("\n")}`,
        next.length > 0 ? `Stages you may move to:\n${next.join("\n")}` : "This is a final stage.",
        stagePrompt,
      ]
        .filter(Boolean)
        .join("\n"),
    );
  }
  parts.push(
    "## Tools\nUse capture_field as soon as the contact gives a value for a field above. Use advance_stage when the stage's goal is met (required fields first). Use request_handoff when the contact asks for a person or you cannot help. Use end_conversation only in a final stage, when the contact is done. Tools may be refused: read the result and carry on. Always answer the contact in plain text.",
  );
  return parts.join("\n\n");
}
