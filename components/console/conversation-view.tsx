"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { updateConversationAction } from "@/app/actions/console";
import { CapturedFields } from "@/components/conversations/captured-fields";
import { LinkedText } from "@/components/conversations/linked-text";
import { Button } from "@/components/ui/button";
import type { CannedResponse } from "@/lib/conversations/staff";
import type { Viewer } from "@/lib/realtime/events";
import { applyChange, contactLabel, received, type ConsoleConversation, type ConsoleMessage, type Option } from "./types";
import { useStaffSocket, type StaffSocket } from "./use-staff-socket";

type Props = {
  businessId: string;
  initial: ConsoleConversation;
  initialMessages: ConsoleMessage[];
  stages: (Option & { key: string })[];
  members: Option[];
  canned: CannedResponse[];
  canWrite: boolean;
  /** The stage timeline, rendered on the server; refreshed when the stage changes. */
  timeline: ReactNode;
};

const UNREAD_KEY = "parley.console.unread";
const TYPING_IDLE_MS = 3000;

const bubble: Record<string, string> = {
  contact: "bg-white ring-1 ring-slate-200 text-slate-900",
  assistant: "bg-brand-50 text-slate-900",
  staff: "bg-brand-600 text-white",
  note: "bg-amber-50 text-amber-950 ring-1 ring-amber-200",
  system: "bg-slate-100 text-slate-700",
};
const author: Record<string, string> = { contact: "Contact", assistant: "AI", staff: "Staff", note: "Internal note", system: "System" };

/** Inserts or updates a message in seq order, keeping streamed text while the row is still empty. */
function upsert(list: ConsoleMessage[], message: ConsoleMessage): ConsoleMessage[] {
  const existing = list.find((m) => m.id === message.id);
  if (!existing) return [...list, message].sort((a, b) => a.seq - b.seq);
  return list.map((m) => (m.id === message.id ? { ...message, content: message.content || m.content } : m)).sort((a, b) => a.seq - b.seq);
}

/** The seq to resync after: the last message held, or the one before the first still being written. */
function resumeAfter(list: ConsoleMessage[]): number {
  const unfinished = list.findIndex((m) => m.status === "streaming");
  return (unfinished === -1 ? list : list.slice(0, unfinished)).at(-1)?.seq ?? 0;
}

function streamingStub(id: string, content: string): ConsoleMessage {
  const none = { clientMessageId: null, authorId: null, provider: null, model: null, inputTokens: null, outputTokens: null, firstTokenMs: null, latencyMs: null, costUsd: null };
  return { id, seq: Number.MAX_SAFE_INTEGER, role: "assistant", content, status: "streaming", meta: {}, createdAt: new Date().toISOString(), ...none };
}

/**
 * One conversation, live: messages (the AI's reply streams in), who else is viewing and typing,
 * and the staff's actions. Replies and notes go over the socket; state changes through the
 * server action. Both come back to every viewer through the conversation's room.
 */
export function ConversationView({ businessId, initial, initialMessages, stages, members, canned, canWrite, timeline }: Props) {
  const router = useRouter();
  const [conversation, setConversation] = useState(initial);
  const [messages, setMessages] = useState(initialMessages);
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [typing, setTyping] = useState<Record<string, string>>({});
  const [me, setMe] = useState<string | null>(null);
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [draft, setDraft] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const typingSent = useRef<{ on: boolean; timer?: ReturnType<typeof setTimeout> }>({ on: false });
  const stageId = useRef(initial.stage?.id ?? null);
  const listRef = useRef<HTMLOListElement>(null);
  // Follow new messages only while the reader is at the end of the list, not while reading back.
  const atEnd = useRef(true);
  // What the list holds, for the resync on (re)connect to start from.
  const held = useRef(initialMessages);
  held.current = messages;
  const conversationId = initial.id;

  useEffect(() => {
    // Opening a conversation reads it.
    try {
      const counts = JSON.parse(localStorage.getItem(UNREAD_KEY) ?? "{}") as Record<string, number>;
      delete counts[conversationId];
      localStorage.setItem(UNREAD_KEY, JSON.stringify(counts));
    } catch {
      localStorage.removeItem(UNREAD_KEY);
    }
  }, [conversationId]);

  const onConnect = useCallback(
    (socket: StaffSocket) => {
      // The stage timeline is rendered on the server: fetched again when the stage changed.
      const followStage = (id: string | null) => {
        if (id === stageId.current) return;
        stageId.current = id;
        router.refresh();
      };
      // On every (re)connect: join, and catch up on what was stored while the page loaded or the socket was away.
      const join = (after: number) =>
        socket.emit("conversation:join", { businessId, conversationId, after }, (ack) => {
          if (!ack.ok) return setError("Live updates are unavailable; reload the page.");
          setViewers(ack.viewers);
          setConversation(received(ack.conversation));
          followStage(ack.conversation.stage?.id ?? null);
          setMessages((list) => ack.messages.reduce((merged, m) => upsert(merged, received(m)), list));
          if (ack.more) join(ack.messages.at(-1)!.seq);
        });
      join(resumeAfter(held.current));
      socket.off("session").on("session", (session) => session.kind === "staff" && setMe(session.userId));
      socket.off("conversation:message").on("conversation:message", (event) => {
        if (event.conversationId === conversationId) setMessages((list) => upsert(list, received(event.message)));
      });
      socket.off("conversation:delta").on("conversation:delta", ({ conversationId: id, messageId, text }) => {
        if (id !== conversationId) return;
        setMessages((list) =>
          list.some((m) => m.id === messageId)
            ? list.map((m) => (m.id === messageId ? { ...m, content: m.content + text } : m))
            : // Text can overtake the stored placeholder's own event: show it at the end until then.
              [...list, streamingStub(messageId, text)],
        );
      });
      socket.off("conversation:updated").on("conversation:updated", (event) => {
        if (event.conversationId !== conversationId) return;
        const change = received(event.conversation);
        setConversation((c) => applyChange(c, change, stages));
        followStage(change.stageId);
      });
      socket.off("viewers").on("viewers", (event) => event.conversationId === conversationId && setViewers(event.viewers));
      socket.off("typing").on("typing", (event) => {
        if (event.conversationId !== conversationId) return;
        setTyping((t) => {
          const next = { ...t };
          if (event.typing) next[event.userId] = event.name;
          else delete next[event.userId];
          return next;
        });
      });
    },
    [businessId, conversationId, router, stages],
  );
  const { socket, connected } = useStaffSocket(onConnect);

  useEffect(() => {
    // The list scrolls itself, never the page: the reply box and its draft stay where they are.
    const list = listRef.current;
    if (list && atEnd.current) list.scrollTop = list.scrollHeight;
  }, [messages]);

  function announceTyping(on: boolean) {
    if (!socket || mode === "note") return;
    clearTimeout(typingSent.current.timer);
    if (on) typingSent.current.timer = setTimeout(() => announceTyping(false), TYPING_IDLE_MS);
    if (typingSent.current.on === on) return;
    typingSent.current.on = on;
    socket.emit("typing", { conversationId, typing: on });
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!socket || sending) return;
    setSending(true);
    setError(null);
    setFieldError(null);
    announceTyping(false);
    const ack = await socket.emitWithAck("staff:send", { businessId, conversationId, kind: mode, content: draft, clientMessageId: crypto.randomUUID() });
    setSending(false);
    if (ack.ok) {
      setMessages((list) => upsert(list, received(ack.message)));
      setDraft("");
    } else if (ack.code === "validation_failed") setFieldError(draft.trim() ? "Keep a message under 4000 characters, in plain text." : "Write a message.");
    else setError(ack.code === "forbidden" ? "Your role does not allow replying." : "The message could not be sent. Try again.");
  }

  async function change(fields: Record<string, string>) {
    const form = new FormData();
    form.set("businessId", businessId);
    form.set("conversationId", conversationId);
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    const result = await updateConversationAction(null, form);
    if (!result.ok) return setError(Object.values(result.fieldErrors)[0] ?? result.message);
    setError(null);
  }

  const others = Object.entries(typing).filter(([id]) => id !== me);
  const label = contactLabel(conversation.contact);
  const human = conversation.holder === "human";
  const select = "min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <section aria-label="Conversation" className="flex h-[calc(100dvh-9rem)] min-h-[28rem] min-w-0 flex-col rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
          <div>
            <h1 className="text-lg font-semibold text-slate-900">{label}</h1>
            <p className="text-sm text-slate-600" role="status">
              <span className={conversation.status === "waiting" ? "font-semibold text-amber-800" : ""}>
                {conversation.status === "waiting" ? "Waiting for a human" : conversation.status === "resolved" ? "Resolved" : "Open"}
              </span>{" "}
              · {human ? "A human is answering: the AI is muted" : "The AI is answering"} · {conversation.stage?.name ?? "No stage"}
            </p>
          </div>
          <p aria-label="Viewing now" className="text-xs text-slate-600">
            {connected ? `Viewing: ${viewers.map((v) => v.name).join(", ") || "—"}` : "Connecting…"}
          </p>
        </header>

        <ol
          ref={listRef}
          onScroll={(e) => (atEnd.current = e.currentTarget.scrollHeight - e.currentTarget.scrollTop - e.currentTarget.clientHeight < 80)}
          aria-label="Messages"
          aria-live="polite"
          className="min-h-0 flex-1 space-y-3 overflow-y-auto p-4"
        >
          {messages.map((m) => (
            <li key={m.id} className={`flex ${m.role === "contact" ? "justify-start" : "justify-end"}`}>
              <div className={`max-w-[80%] min-w-0 rounded-2xl px-3 py-2 text-sm ${bubble[m.role] ?? bubble.system}`} data-role={m.role}>
                <p className="text-[11px] font-semibold uppercase tracking-wide opacity-70">{author[m.role] ?? m.role}</p>
                <p className="whitespace-pre-wrap wrap-anywhere" data-content>
                  {m.content ? <LinkedText text={m.content} /> : "…"}
                </p>
                {m.status === "streaming" && <span className="sr-only">(writing)</span>}
                {m.status === "incomplete" && <span className="text-xs text-amber-700">(cut off)</span>}
              </div>
            </li>
          ))}
        </ol>
        <p className="h-5 px-4 text-xs text-slate-500" aria-live="polite">
          {others.length > 0 && `${others.map(([, name]) => name).join(", ")} ${others.length > 1 ? "are" : "is"} typing…`}
        </p>
        {error && (
          <p role="alert" className="mx-4 mb-2 rounded bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}

        {canWrite ? (
          <form onSubmit={send} className="space-y-2 border-t border-slate-100 p-3">
            <div className="flex flex-wrap items-center gap-4 text-sm">
              <fieldset className="flex gap-3">
                <legend className="sr-only">Send as</legend>
                <label className="flex items-center gap-1">
                  <input type="radio" name="mode" checked={mode === "reply"} onChange={() => setMode("reply")} /> Reply to the contact
                </label>
                <label className="flex items-center gap-1">
                  <input type="radio" name="mode" checked={mode === "note"} onChange={() => setMode("note")} /> Internal note
                </label>
              </fieldset>
              {canned.length > 0 && mode === "reply" && (
                <label className="flex items-center gap-2">
                  Canned response
                  <select value="" onChange={(e) => setDraft(canned.find((c) => c.id === e.target.value)?.text ?? draft)} className="rounded-md border border-slate-300 px-2 py-1 text-sm">
                    <option value="">Choose…</option>
                    {canned.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </div>
            <label htmlFor="console-message" className="sr-only">
              {mode === "reply" ? "Reply" : "Note"}
            </label>
            <textarea
              id="console-message"
              value={draft}
              rows={3}
              maxLength={4000}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? "console-message-error" : undefined}
              onChange={(e) => {
                setDraft(e.target.value);
                announceTyping(e.target.value !== "");
              }}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
              }}
              placeholder={mode === "reply" ? (human ? "Write to the contact…" : "Replying takes the conversation over from the AI…") : "Only your team sees notes…"}
              className={`w-full rounded-md border px-3 py-2 text-sm ${mode === "note" ? "border-amber-300 bg-amber-50" : "border-slate-300"}`}
            />
            {fieldError && (
              <p id="console-message-error" className="text-sm text-red-700">
                {fieldError}
              </p>
            )}
            <div className="flex justify-end">
              <Button type="submit" disabled={sending || !connected}>
                {mode === "reply" ? "Send reply" : "Add note"}
              </Button>
            </div>
          </form>
        ) : (
          <p className="border-t border-slate-100 p-3 text-sm text-slate-600">You can read this conversation; your role does not allow replying.</p>
        )}
      </section>

      <aside aria-label="Details" className="space-y-4 text-sm">
        {canWrite && (
          <section className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <h2 className="font-semibold text-slate-900">Actions</h2>
            <div className="flex flex-wrap gap-2">
              {human ? (
                <Button type="button" variant="secondary" onClick={() => void change({ holder: "ai" })}>
                  Hand back to the AI
                </Button>
              ) : (
                <Button type="button" onClick={() => void change({ holder: "human" })}>
                  Take over
                </Button>
              )}
              {conversation.status === "resolved" ? (
                <Button type="button" variant="secondary" onClick={() => void change({ status: "open" })}>
                  Reopen
                </Button>
              ) : (
                <Button type="button" variant="secondary" onClick={() => void change({ status: "resolved" })}>
                  Resolve
                </Button>
              )}
            </div>
            <label className="flex flex-col gap-1 font-medium text-slate-700">
              Assignee
              <select value={conversation.assigneeId ?? "none"} onChange={(e) => void change({ assigneeId: e.target.value })} className={select}>
                <option value="none">Unassigned</option>
                {members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1 font-medium text-slate-700">
              Stage
              <select value={conversation.stage?.id ?? ""} onChange={(e) => e.target.value && void change({ stageId: e.target.value })} className={select}>
                {!conversation.stage && <option value="">No stage</option>}
                {stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          </section>
        )}
        <section className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 className="font-semibold text-slate-900">Contact</h2>
          <dl aria-label="Contact" className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            {(
              [
                ["Name", conversation.contact.name],
                ["Email", conversation.contact.email],
                ["Phone", conversation.contact.phone],
                ["Their id", conversation.contact.externalId],
                ["Channel", conversation.channel],
              ] as const
            ).map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="text-slate-500">{key}</dt>
                <dd className="break-all text-slate-900">{value ?? "—"}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 className="font-semibold text-slate-900">Captured fields</h2>
          <CapturedFields captured={conversation.captured} className="mt-2" />
        </section>
        {timeline}
      </aside>
    </div>
  );
}
