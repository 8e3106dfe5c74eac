"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { applyChange, contactLabel, received, type ConsoleConversation, type Option } from "./types";
import { useStaffSocket, type StaffSocket } from "./use-staff-socket";

type Filters = { status: string; stageId: string; agentId: string; assignee: string; q: string };
type Props = {
  businessId: string;
  slug: string;
  initial: { data: ConsoleConversation[]; nextCursor: string | null };
  stages: (Option & { key: string })[];
  agents: Option[];
  members: Option[];
};

const UNREAD_KEY = "parley.console.unread";
const ALERTS_KEY = "parley.console.alerts";

function readUnread(): Record<string, number> {
  try {
    return JSON.parse(localStorage.getItem(UNREAD_KEY) ?? "{}") as Record<string, number>;
  } catch {
    return {};
  }
}

/** A short two-tone chime, made on the spot so the console ships no audio file. */
function chime() {
  const audio = new AudioContext();
  [660, 880].forEach((frequency, i) => {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.15, audio.currentTime + i * 0.15);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + i * 0.15 + 0.3);
    tone.connect(gain).connect(audio.destination);
    tone.start(audio.currentTime + i * 0.15);
    tone.stop(audio.currentTime + i * 0.15 + 0.3);
  });
}

function matches(row: ConsoleConversation, filters: Filters, me: string | null): boolean {
  // As the server lists them: a widget chat once the visitor has written in it.
  if (row.channel === "widget" && !row.contactWrote) return false;
  if (filters.status && row.status !== filters.status) return false;
  if (filters.stageId && row.stage?.id !== filters.stageId) return false;
  if (filters.agentId && row.agentId !== filters.agentId) return false;
  if (filters.assignee === "none" && row.assigneeId !== null) return false;
  if (filters.assignee === "me" && row.assigneeId !== me) return false;
  const needle = filters.q.trim().toLowerCase();
  if (needle && ![row.contact.name, row.contact.email].some((v) => v?.toLowerCase().includes(needle))) return false;
  return true;
}

const byRecent = (a: ConsoleConversation, b: ConsoleConversation) => b.lastMessageAt.localeCompare(a.lastMessageAt);

/**
 * The live list of a business's conversations. It joins the business room: a message moves its
 * conversation to the top (a new one is fetched and added), a change updates its row, and one
 * turning to "waiting for a human" chimes and notifies when the member opted in.
 */
export function ConversationList({ businessId, slug, initial, stages, agents, members }: Props) {
  const [rows, setRows] = useState(initial.data);
  const [nextCursor, setNextCursor] = useState(initial.nextCursor);
  const [filters, setFilters] = useState<Filters>({ status: "", stageId: "", agentId: "", assignee: "", q: "" });
  const [search, setSearch] = useState("");
  const [unread, setUnread] = useState<Record<string, number>>({});
  const [alerts, setAlerts] = useState(false);
  const [me, setMe] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // What a screen reader hears: a new conversation, one now waiting — not every reordering of the list.
  const [announcement, setAnnouncement] = useState("");
  const state = useRef({ filters, alerts, me });
  state.current = { filters, alerts, me };
  const base = `/api/v1/businesses/${businessId}/conversations`;

  useEffect(() => {
    // Client-only preferences, read after hydration.
    setUnread(readUnread());
    setAlerts(localStorage.getItem(ALERTS_KEY) === "on");
  }, []);

  const bumpUnread = useCallback((conversationId: string) => {
    setUnread((counts) => {
      const next = { ...counts, [conversationId]: (counts[conversationId] ?? 0) + 1 };
      localStorage.setItem(UNREAD_KEY, JSON.stringify(next));
      return next;
    });
  }, []);

  const alert = useCallback((row: ConsoleConversation) => {
    setAnnouncement(`${contactLabel(row.contact)} is waiting for a human.`);
    if (!state.current.alerts) return;
    chime();
    if ("Notification" in window && Notification.permission === "granted") {
      new Notification("A conversation is waiting for a human", { body: contactLabel(row.contact), tag: row.id });
    }
  }, []);

  const fetchOne = useCallback(async (conversationId: string) => {
    const response = await fetch(`${base}/${conversationId}`);
    return response.ok ? ((await response.json()) as ConsoleConversation) : null;
  }, [base]);

  /** A conversation not in the list yet (new, or outside the loaded page) is fetched and shown if it matches. */
  const addUnknown = useCallback(
    (conversationId: string) =>
      void fetchOne(conversationId).then((row) => {
        if (!row || !matches(row, state.current.filters, state.current.me)) return;
        setRows((l) => (l.some((r) => r.id === row.id) ? l : [row, ...l].sort(byRecent)));
        setAnnouncement(`New conversation: ${contactLabel(row.contact)}.`);
      }),
    [fetchOne],
  );

  const load = useCallback(
    async (next: Filters, cursor?: string) => {
      const query = new URLSearchParams({ limit: "50" });
      for (const [key, value] of Object.entries(next)) if (value) query.set(key, value);
      if (cursor) query.set("cursor", cursor);
      const response = await fetch(`${base}?${query}`);
      if (!response.ok) return setError("The conversations could not be loaded.");
      const page = (await response.json()) as { data: ConsoleConversation[]; nextCursor: string | null };
      setRows((list) => (cursor ? [...list, ...page.data] : page.data));
      setNextCursor(page.nextCursor);
    },
    [base],
  );

  const onConnect = useCallback(
    (socket: StaffSocket) => {
      socket.emit("console:join", { businessId }, (ack) => {
        if (!ack.ok) return setError("Live updates are unavailable; reload the page.");
        setError(null);
        // Read the list again once in the room: what changed while the page loaded or the socket was away.
        void load(state.current.filters);
      });
      socket.off("session").on("session", (session) => session.kind === "staff" && setMe(session.userId));
      socket.off("conversation:message").on("conversation:message", ({ conversationId, message }) => {
        if (message.role === "contact") bumpUnread(conversationId);
        setRows((list) => {
          const known = list.find((r) => r.id === conversationId);
          if (!known) {
            addUnknown(conversationId);
            return list;
          }
          return list.map((r) => (r.id === conversationId ? { ...r, lastMessageAt: received(message).createdAt } : r)).sort(byRecent);
        });
      });
      socket.off("conversation:updated").on("conversation:updated", ({ conversationId, conversation }) => {
        setRows((list) => {
          if (!list.some((r) => r.id === conversationId)) {
            addUnknown(conversationId);
            return list;
          }
          return list.flatMap((r) => {
            if (r.id !== conversationId) return [r];
            const next = applyChange(r, received(conversation), stages);
            if (next.status === "waiting" && r.status !== "waiting") alert(next);
            // A row that no longer matches the filters (resolved while showing "waiting") leaves the list.
            return matches(next, state.current.filters, state.current.me) ? [next] : [];
          });
        });
      });
    },
    [addUnknown, alert, bumpUnread, businessId, load, stages],
  );
  const { connected } = useStaffSocket(onConnect);

  function setFilter(key: keyof Filters, value: string) {
    const next = { ...filters, [key]: value };
    setFilters(next);
    void load(next);
  }

  async function toggleAlerts(on: boolean) {
    if (on && "Notification" in window && Notification.permission === "default") await Notification.requestPermission();
    setAlerts(on);
    localStorage.setItem(ALERTS_KEY, on ? "on" : "off");
  }

  // The search asks the server (all conversations, not just the loaded page), shortly after typing stops.
  const searchFor = useRef(setFilter);
  searchFor.current = setFilter;
  useEffect(() => {
    if (search === state.current.filters.q) return;
    const timer = setTimeout(() => searchFor.current("q", search), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const shown = rows;

  const nameOf = (list: Option[], id: string | null) => list.find((o) => o.id === id)?.name;
  const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <label className="flex flex-col text-xs font-medium text-slate-700">
          Search
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Contact name or email" className={`${select} mt-1 w-52`} />
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-700">
          Status
          <select value={filters.status} onChange={(e) => setFilter("status", e.target.value)} className={`${select} mt-1`}>
            <option value="">Any</option>
            <option value="open">Open</option>
            <option value="waiting">Waiting for a human</option>
            <option value="resolved">Resolved</option>
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-700">
          Stage
          <select value={filters.stageId} onChange={(e) => setFilter("stageId", e.target.value)} className={`${select} mt-1`}>
            <option value="">Any</option>
            {stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-700">
          Agent
          <select value={filters.agentId} onChange={(e) => setFilter("agentId", e.target.value)} className={`${select} mt-1`}>
            <option value="">Any</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-700">
          Assignee
          <select value={filters.assignee} onChange={(e) => setFilter("assignee", e.target.value)} className={`${select} mt-1`}>
            <option value="">Anyone</option>
            <option value="me">Mine</option>
            <option value="none">Unassigned</option>
          </select>
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-700 sm:ml-auto">
          <input type="checkbox" checked={alerts} onChange={(e) => void toggleAlerts(e.target.checked)} />
          Sound and notification when someone waits
        </label>
      </div>

      <p className="text-xs text-slate-500" role="status">
        {connected ? "Live" : "Connecting…"}
        {error && <span className="ml-2 text-red-700">{error}</span>}
      </p>

      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>

      {shown.length === 0 ? (
        <p className="rounded-lg bg-white p-6 text-sm text-slate-600 shadow-sm ring-1 ring-slate-200">No conversations match.</p>
      ) : (
        <ul aria-label="Conversations" className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          {shown.map((row) => {
            const count = unread[row.id] ?? 0;
            const waiting = row.status === "waiting";
            return (
              <li key={row.id} className={waiting ? "border-l-4 border-amber-500 bg-amber-50" : "border-l-4 border-transparent"}>
                <Link href={`/b/${slug}/conversations/${row.id}`} className="flex flex-col gap-1 px-4 py-3 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600 sm:flex-row sm:items-center sm:justify-between">
                  <span className="min-w-0">
                    <span className="font-medium text-slate-900">{contactLabel(row.contact)}</span>
                    {row.contact.email && row.contact.name && <span className="ml-2 text-sm text-slate-500">{row.contact.email}</span>}
                    <span className="block text-xs text-slate-600">
                      {row.stage?.name ?? "No stage"} · {nameOf(agents, row.agentId) ?? "No agent"} · {row.holder === "human" ? `held by ${nameOf(members, row.assigneeId) ?? "a human"}` : "AI answering"}
                      {row.assigneeId && row.holder !== "human" && ` · assigned to ${nameOf(members, row.assigneeId) ?? "a member"}`}
                    </span>
                  </span>
                  <span className="flex items-center gap-2 text-xs">
                    {waiting && <span className="rounded bg-amber-200 px-2 py-0.5 font-semibold text-amber-900">Waiting for a human</span>}
                    {row.status === "resolved" && <span className="rounded bg-slate-100 px-2 py-0.5 text-slate-700">Resolved</span>}
                    {count > 0 && (
                      <span className="rounded-full bg-brand-600 px-2 py-0.5 font-semibold text-white" aria-label={`${count} unread`}>
                        {count}
                      </span>
                    )}
                    <time dateTime={row.lastMessageAt} className="text-slate-500">
                      {new Date(row.lastMessageAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
                    </time>
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {nextCursor && (
        <button type="button" onClick={() => void load(filters, nextCursor)} className="text-sm font-medium text-brand-600 hover:underline">
          Load more
        </button>
      )}
    </div>
  );
}
