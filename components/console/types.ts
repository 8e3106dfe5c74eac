import type { ConversationView, MessageView } from "@/lib/conversations/service";
import type { LiveConversation } from "@/lib/realtime/events";

/** Values as they arrive over the wire (JSON and sockets): dates are ISO strings. */
type Wire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export type ConsoleConversation = Wire<ConversationView>;
export type ConsoleMessage = Wire<MessageView>;
export type ConsoleChange = Wire<LiveConversation>;

export type Option = { id: string; name: string };

/** Server data handed to a client component as it will look after a round trip. */
export const toWire = <T>(value: T): Wire<T> => JSON.parse(JSON.stringify(value)) as Wire<T>;

/** A socket payload as received: socket.io sent its dates as JSON strings. */
export const received = <T>(value: T): Wire<T> => value as unknown as Wire<T>;

/** Applies a live change to a conversation row; the stage's name comes from the business's stages. */
export function applyChange(row: ConsoleConversation, change: ConsoleChange, stages: (Option & { key: string })[]): ConsoleConversation {
  const stage = stages.find((s) => s.id === change.stageId);
  return {
    ...row,
    status: change.status,
    holder: change.holder,
    assigneeId: change.assigneeId,
    agentId: change.agentId,
    captured: change.captured,
    aiTurns: change.aiTurns,
    lastMessageAt: change.lastMessageAt,
    resolvedAt: change.resolvedAt,
    stage: stage ? { id: stage.id, key: stage.key, name: stage.name } : null,
  };
}

export const contactLabel = (c: ConsoleConversation["contact"]) => c.name ?? c.email ?? c.phone ?? "Anonymous visitor";
