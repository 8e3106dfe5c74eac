import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { contact, user, type Conversation, type Message } from "@/db/schema";
import type { MessageView } from "@/lib/conversations/service";

/** What a visitor may see of a message: never notes or system entries, never costs or authors. */
export type VisitorMessage = Pick<Message, "id" | "seq" | "role" | "content" | "status" | "clientMessageId" | "createdAt">;

/**
 * What the widget shows of its conversation's state: who answers ("Maya joined" once a human
 * holds it), and whether to offer leaving an email because nobody is there to take the handoff.
 */
export type VisitorState = {
  status: Conversation["status"];
  holder: Conversation["holder"];
  /** The staff member holding the conversation, by first name; null while the AI answers. */
  staffName: string | null;
  /** The conversation waits for a human, none is online, and the visitor has left no email yet. */
  askEmail: boolean;
};

const VISIBLE_ROLES = new Set<Message["role"]>(["contact", "assistant", "staff"]);
export const visibleRoles = [...VISIBLE_ROLES];

export function toVisitorMessage(m: Message | MessageView): VisitorMessage | null {
  if (!VISIBLE_ROLES.has(m.role)) return null;
  return { id: m.id, seq: m.seq, role: m.role, content: m.content, status: m.status, clientMessageId: m.clientMessageId, createdAt: m.createdAt };
}

/** The AI's reply that was streaming to the visitor when a human took over: now a note, so taken back from them. */
export const isMutedReply = (m: Message | MessageView) => m.role === "note" && typeof (m.meta as Record<string, unknown> | null)?.muted === "string";

/** Visitors see staff by first name only. */
export const firstName = (name: string) => name.trim().split(/\s+/)[0] || name;

/** Staff names change rarely and a visitor's state is rebuilt on every change: remember them briefly. */
const names = new Map<string, { name: string; at: number }>();
const NAME_TTL_MS = 60_000;

async function staffFirstName(userId: string): Promise<string | null> {
  const cached = names.get(userId);
  if (cached && Date.now() - cached.at < NAME_TTL_MS) return cached.name;
  const db = await getDb();
  const [row] = await db.select({ name: user.name }).from(user).where(eq(user.id, userId));
  if (!row) return null;
  const name = firstName(row.name);
  if (names.size > 1000) names.clear();
  names.set(userId, { name, at: Date.now() });
  return name;
}

export async function visitorState(c: Pick<Conversation, "status" | "holder" | "assigneeId" | "contactId">, staffOnline: boolean): Promise<VisitorState> {
  const staffName = c.holder === "human" && c.assigneeId ? await staffFirstName(c.assigneeId) : null;
  let askEmail = false;
  if (c.status === "waiting" && !staffOnline) {
    const db = await getDb();
    const [row] = await db.select({ email: contact.email }).from(contact).where(eq(contact.id, c.contactId));
    askEmail = !row?.email;
  }
  return { status: c.status, holder: c.holder, staffName, askEmail };
}
