import type { TemplateKind } from "@/db/schema";

/** How each kind is named and explained in the UI. */
export const kindInfo: Record<TemplateKind, { label: string; description: string }> = {
  system: { label: "System prompt", description: "An agent's persona and ground rules." },
  stage: { label: "Stage prompt", description: "What the agent is told while a conversation is in a stage." },
  greeting: { label: "Greeting", description: "The first message of a conversation." },
  reply: { label: "Reply", description: "Replies of the offline model, and the staff's canned responses." },
  fallback: { label: "Fallback", description: "Sent when the AI cannot answer." },
  handoff: { label: "Handoff", description: "Sent when a person takes over." },
};

export const kindOptions = (Object.keys(kindInfo) as TemplateKind[]).map((value) => ({ value, label: kindInfo[value].label }));
