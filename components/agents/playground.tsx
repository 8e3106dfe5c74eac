"use client";

import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { startPlaygroundAction } from "@/app/actions/playground";
import { CapturedFields } from "@/components/conversations/captured-fields";
import { Button } from "@/components/ui/button";

type Verdict = { tool: string; input: unknown; accepted: boolean; reason: string };
type ChatMessage = {
  id: string;
  role: string;
  content: string;
  status: string;
  provider?: string | null;
  model?: string | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  firstTokenMs?: number | null;
  latencyMs?: number | null;
  costUsd?: number | null;
  meta?: { verdicts?: Verdict[]; system?: string; errors?: string[]; handoff?: string };
};
type ConversationState = { status: string; holder: string; stage: { id: string; key: string; name: string } | null; captured: Record<string, string | number> };

/** Reads a server-sent events body frame by frame. */
async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: unknown }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (data) yield { event, data: JSON.parse(data) };
      end = buffer.indexOf("\n\n");
    }
  }
}

/**
 * Chat with an agent as an end user would, over the same REST endpoint integrations use, and see
 * beside it what the engine did: the prompt, each proposed tool call with its verdict, the stage
 * path and the captured fields.
 */
export function Playground({ businessId, agentId, agentName }: { businessId: string; agentId: string; agentName: string }) {
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [state, setState] = useState<ConversationState | null>(null);
  const [path, setPath] = useState<string[]>([]);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const endRef = useRef<HTMLDivElement>(null);
  const base = `/api/v1/businesses/${businessId}/conversations`;

  const start = useCallback(async () => {
    setError(null);
    const form = new FormData();
    form.set("businessId", businessId);
    form.set("agentId", agentId);
    const result = await startPlaygroundAction(null, form);
    if (!result.ok) return setError(result.message);
    const id = result.data.conversationId;
    const [list, conversation] = await Promise.all([fetch(`${base}/${id}/messages`).then((r) => r.json()), fetch(`${base}/${id}`).then((r) => r.json())]);
    setConversationId(id);
    setMessages(list.data);
    setState(conversation);
    setPath(conversation.stage ? [conversation.stage.name] : []);
  }, [agentId, base, businessId]);

  useEffect(() => {
    void start();
  }, [start]);

  useEffect(() => {
    endRef.current?.scrollIntoView({ block: "end" });
  }, [messages]);

  async function send(event: FormEvent) {
    event.preventDefault();
    const content = draft.trim();
    if (!content || !conversationId || busy) return;
    setBusy(true);
    setError(null);
    setDraft("");
    try {
      const response = await fetch(`${base}/${conversationId}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ content, clientMessageId: crypto.randomUUID() }),
      });
      if (!response.ok || !response.body) {
        const problem = await response.json().catch(() => null);
        throw new Error(problem?.errors?.[0]?.message ?? problem?.detail ?? "The message could not be sent.");
      }
      for await (const { event, data } of sseEvents(response.body)) {
        if (event === "message") {
          const message = (data as { message: ChatMessage }).message;
          setMessages((list) => (list.some((m) => m.id === message.id) ? list.map((m) => (m.id === message.id ? { ...m, ...message, content: message.content || m.content } : m)) : [...list, message]));
        } else if (event === "delta") {
          const { messageId, delta } = data as { messageId: string; delta: string };
          setMessages((list) =>
            list.some((m) => m.id === messageId)
              ? list.map((m) => (m.id === messageId ? { ...m, content: m.content + delta } : m))
              : [...list, { id: messageId, role: "assistant", content: delta, status: "streaming" }],
          );
        } else if (event === "done") {
          const conversation = (data as { conversation: ConversationState }).conversation;
          setState(conversation);
          const name = conversation.stage?.name;
          if (name) setPath((p) => (p.at(-1) === name ? p : [...p, name]));
        }
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const lastReply = [...messages].reverse().find((m) => m.role === "assistant" && m.status !== "streaming" && (m.meta?.verdicts || m.meta?.system));

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <section aria-label="Chat" className="flex min-h-[28rem] flex-col rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2">
          <p className="text-sm text-slate-600">You are the end user talking to {agentName}.</p>
          <button type="button" onClick={() => void start()} className="text-sm font-medium text-brand-600 hover:underline">
            Start over
          </button>
        </div>
        <ol aria-label="Messages" aria-live="polite" className="flex-1 space-y-3 overflow-y-auto p-4">
          {messages.map((m) => (
            <li key={m.id} className={`flex ${m.role === "contact" ? "justify-end" : "justify-start"}`}>
              <p
                className={`max-w-[80%] whitespace-pre-wrap rounded-2xl px-3 py-2 text-sm ${m.role === "contact" ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-900"}`}
                data-role={m.role}
              >
                {m.content || "…"}
                {m.status === "incomplete" && <span className="ml-1 text-xs text-amber-700">(cut off)</span>}
              </p>
            </li>
          ))}
        </ol>
        <div ref={endRef} />
        {error && (
          <p role="alert" className="mx-4 mb-2 rounded bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <form onSubmit={send} className="flex gap-2 border-t border-slate-100 p-3">
          <label htmlFor="playground-message" className="sr-only">
            Message
          </label>
          <input
            id="playground-message"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            maxLength={4000}
            autoComplete="off"
            placeholder="Write as a customer would…"
            className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
          <Button type="submit" disabled={busy || !conversationId}>
            {busy ? "Waiting…" : "Send"}
          </Button>
        </form>
      </section>

      <aside aria-label="Inspector" className="space-y-4 text-sm">
        <section className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 className="font-semibold text-slate-900">Conversation</h2>
          <p className="mt-1 text-slate-600">
            Status <strong>{state?.status ?? "—"}</strong> · answered by <strong>{state?.holder === "human" ? "a human" : "the AI"}</strong>
          </p>
          <h3 className="mt-3 font-medium text-slate-900">Stage path</h3>
          <ol aria-label="Stage path" className="mt-1 flex flex-wrap items-center gap-1">
            {path.map((name, i) => (
              <li key={`${name}-${i}`} className="flex items-center gap-1">
                {i > 0 && <span aria-hidden>→</span>}
                <span className="rounded bg-brand-50 px-2 py-0.5 text-brand-700">{name}</span>
              </li>
            ))}
          </ol>
          <h3 className="mt-3 font-medium text-slate-900">Captured fields</h3>
          <CapturedFields captured={state?.captured ?? {}} />
        </section>
        <section aria-label="Last turn" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 className="font-semibold text-slate-900">Last turn</h2>
          {!lastReply ? (
            <p className="mt-1 text-slate-500">Send a message to see what the engine does.</p>
          ) : (
            <>
              <p className="mt-1 text-slate-600">
                {lastReply.provider ?? "—"} · {lastReply.model ?? "—"} · {lastReply.inputTokens ?? "?"} in / {lastReply.outputTokens ?? "?"} out tokens · first token{" "}
                {lastReply.firstTokenMs ?? "—"} ms · {lastReply.latencyMs ?? "—"} ms
                {lastReply.costUsd != null && ` · $${lastReply.costUsd.toFixed(5)}`}
              </p>
              <h3 className="mt-3 font-medium text-slate-900">Tool calls</h3>
              {(lastReply.meta?.verdicts ?? []).length === 0 ? (
                <p className="mt-1 text-slate-500">None.</p>
              ) : (
                <ul aria-label="Tool calls" className="mt-1 space-y-1">
                  {lastReply.meta!.verdicts!.map((v, i) => (
                    <li key={i} className={v.accepted ? "text-emerald-800" : "text-red-800"}>
                      <span aria-hidden>{v.accepted ? "✓" : "✗"}</span> <code>{v.tool}</code> <code className="text-xs">{JSON.stringify(v.input)}</code> — {v.accepted ? "applied" : "refused"}: {v.reason}
                    </li>
                  ))}
                </ul>
              )}
              {lastReply.meta?.errors && <p className="mt-2 text-amber-800">Provider errors: {lastReply.meta.errors.join("; ")}</p>}
              {lastReply.meta?.system && (
                <details className="mt-3">
                  <summary className="cursor-pointer font-medium text-slate-900">Rendered prompt</summary>
                  <pre className="mt-2 max-h-80 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs">{lastReply.meta.system}</pre>
                </details>
              )}
            </>
          )}
        </section>
      </aside>
    </div>
  );
}
