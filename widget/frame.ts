/**
 * The chat inside the widget's iframe: plain DOM, no framework, so everything before the first
 * message stays small. Messages are rendered as text only. The visitor id, the messages held and
 * an outbox of unsent messages persist in this frame's localStorage (Parley's origin, not the
 * host page's), so a reload resumes the conversation and resyncs from the last seq held.
 *
 * It talks over a socket.io connection; when that cannot connect it carries on over REST and
 * server-sent events (polling for what staff send), and goes back to the socket once it can.
 */
import { io, type Socket } from "socket.io-client";
import type { FrameToHost, HostToFrame, Identity } from "./protocol";
import { LINK_REL, splitLinks } from "./links";

type Role = "contact" | "assistant" | "staff";
type Message = { id: string; seq: number; role: Role; content: string; status: string; clientMessageId: string | null };
type State = { status: string; holder: "ai" | "human"; staffName: string | null; askEmail: boolean };
type Outgoing = { clientMessageId: string; content: string };
type Saved = { visitorId?: string; conversationId?: string; messages: Message[]; outbox: Outgoing[] };
type Ack<T> = ({ ok: true } & T) | { ok: false; code: string };

const data = document.documentElement.dataset;
const key = data.key ?? "";
const hostOrigin = data.host ?? "";
const title = data.title ?? "Chat";
const storageKey = `parley:${key}`;
/** How long the socket may take to connect before the widget carries on over REST. */
const SOCKET_PATIENCE_MS = 4000;
const POLL_MS = 3000;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const log = $<HTMLDivElement>("log");
const statusLine = $<HTMLParagraphElement>("status");
const who = $<HTMLParagraphElement>("who");
const typingLine = $<HTMLParagraphElement>("typing");
const form = $<HTMLFormElement>("form");
const input = $<HTMLTextAreaElement>("input");
const emailForm = $<HTMLFormElement>("email-form");
const emailInput = $<HTMLInputElement>("email");
document.body.style.setProperty("--c", data.color ?? "#4f46e5");

/** This frame's own storage, or null where the browser blocks storage in third-party frames. */
const ownStorage = (() => {
  try {
    return localStorage;
  } catch {
    return null;
  }
})();

function parse(text: string | null | undefined): Saved {
  try {
    const state = JSON.parse(text ?? "null") as Saved | null;
    if (state && Array.isArray(state.messages) && Array.isArray(state.outbox)) return state;
  } catch {
    // Something else is stored there: start afresh.
  }
  return { messages: [], outbox: [] };
}
const saved = parse(ownStorage?.getItem(storageKey));
let hostStateLoaded = false;
const messages = new Map<string, Message>(saved.messages.map((m) => [m.id, m]));
const elements = new Map<string, HTMLElement>();
/** Read marks: seen by staff up to `readSeq`; picked up (a reply streaming, staff typing) up to `deliveredSeq`. */
let readSeq = 0;
let deliveredSeq = 0;

function save() {
  saved.messages = [...messages.values()].filter((m) => m.status !== "streaming").sort((a, b) => a.seq - b.seq).slice(-200);
  if (!ownStorage) {
    // Not before the host has handed over what it keeps, or this would overwrite it.
    if (hostStateLoaded) toHost({ type: "parley:store", state: JSON.stringify(saved) });
    return;
  }
  try {
    ownStorage.setItem(storageKey, JSON.stringify(saved));
  } catch {
    // Over quota: the chat still works for this page view.
  }
}

function toHost(message: FrameToHost) {
  parent.postMessage(message, hostOrigin);
}

/** Text with its web links made clickable, built from text nodes so nothing is ever parsed as HTML. */
function renderText(target: HTMLElement, text: string) {
  target.replaceChildren(
    ...splitLinks(text).map(({ text: part, href }) => {
      if (!href) return part;
      const link = document.createElement("a");
      link.href = href;
      link.textContent = part;
      link.target = "_blank";
      link.rel = LINK_REL;
      return link;
    }),
  );
}

const authorLabel: Record<Role, string> = { contact: "You", assistant: title, staff: "Support" };

/** The element for a stored message or an unsent one (by client id), in seq order; unsent ones last. */
function elementFor(ref: string, seq: number, role: Role, clientMessageId: string | null): HTMLElement {
  let el = elements.get(ref) ?? (clientMessageId ? elements.get(`c:${clientMessageId}`) : undefined);
  if (!el) {
    el = document.createElement("div");
    el.className = `m ${role}`;
    el.innerHTML = '<span class="sr"></span><p></p><small></small>';
    el.querySelector("span")!.textContent = `${authorLabel[role]}: `;
  }
  elements.set(ref, el);
  placeBySeq(el, seq);
  return el;
}

/** Puts an entry of the log (a message or a notice) in seq order. */
function placeBySeq(el: HTMLElement, seq: number) {
  el.dataset.seq = String(seq);
  const next = [...log.children].find((other) => Number((other as HTMLElement).dataset.seq) > seq);
  if (el.nextElementSibling !== (next ?? null) || !el.parentNode) log.insertBefore(el, next ?? null);
}

function show(message: Message) {
  const el = elementFor(message.id, message.seq, message.role, message.clientMessageId);
  renderText(el.querySelector("p")!, message.content);
}

/** Sent once stored; delivered once the business side has picked it up; read once seen or answered. */
function updateMarks() {
  const lastReply = Math.max(0, ...[...messages.values()].filter((m) => m.role !== "contact" && m.status !== "streaming").map((m) => m.seq));
  for (const m of messages.values()) {
    if (m.role !== "contact") continue;
    const mark = m.seq <= readSeq || m.seq < lastReply ? "Read" : m.seq <= deliveredSeq || m.status === "answered" ? "Delivered" : "Sent";
    elements.get(m.id)!.querySelector("small")!.textContent = mark;
  }
}

/** Everything the visitor wrote so far has reached someone who is answering it. */
function markDelivered() {
  deliveredSeq = Math.max(deliveredSeq, ...[...messages.values()].filter((m) => m.role === "contact").map((m) => m.seq));
  updateMarks();
}

function merge(list: (Message | null | undefined)[], notify: boolean) {
  for (const message of list) {
    if (!message) continue;
    const known = messages.get(message.id);
    // The reply's empty placeholder can land after its first streamed text: keep the text.
    if (known && message.status === "streaming" && known.content.length > message.content.length) continue;
    messages.set(message.id, message);
    show(message);
    if (notify && message.role !== "contact" && message.status !== "streaming" && known?.status !== message.status) {
      toHost({ type: "parley:message", message: { role: message.role, content: message.content } });
    }
  }
  updateMarks();
  save();
  log.scrollTop = log.scrollHeight;
}

/** A reply taken back: it was streaming when a human took over, and is now a note for the staff only. */
function drop(messageId: string) {
  messages.delete(messageId);
  elements.get(messageId)?.remove();
  elements.delete(messageId);
  save();
}

function appendDelta(messageId: string, text: string) {
  const current = messages.get(messageId) ?? { id: messageId, seq: lastSeqHeld() + 0.5, role: "assistant", content: "", status: "streaming", clientMessageId: null };
  current.content += text;
  messages.set(messageId, current);
  show(current);
  markDelivered();
  log.scrollTop = log.scrollHeight;
}

let state: State | null = null;

/** Where a "joined" notice goes: before the staff member's first reply since the visitor or the assistant last spoke. */
function joinedAt(): number {
  const held = [...messages.values()].filter((m) => m.status !== "streaming").sort((a, b) => a.seq - b.seq);
  const lastOther = [...held].reverse().find((m) => m.role !== "staff")?.seq ?? 0;
  const firstReply = held.find((m) => m.role === "staff" && m.seq > lastOther);
  return firstReply ? firstReply.seq - 0.5 : lastSeqHeld() + 0.25;
}

function addNotice(text: string, seq: number) {
  const notice = document.createElement("p");
  notice.className = "notice";
  notice.textContent = text;
  placeBySeq(notice, seq);
}

/**
 * Who answers, and the email offer. A person joining is announced by name ("Maya from Acme
 * joined"); a handoff nobody has taken yet is not a person joining: the handoff's own message
 * says someone will reply.
 */
function applyState(next: State) {
  const staff = next.holder === "human" && next.staffName ? `${next.staffName} from ${title}` : null;
  const before = state;
  state = next;
  who.textContent = staff ?? (next.holder === "human" ? `The ${title} team` : "");
  if (before && staff && before.staffName !== next.staffName) addNotice(`${staff} joined the chat`, joinedAt());
  else if (before && before.holder === "human" && next.holder === "ai") addNotice(`You are chatting with ${title}'s assistant again`, lastSeqHeld() + 0.25);
  emailForm.hidden = !next.askEmail;
}

function showOutbox() {
  saved.outbox.forEach((item, index) => {
    const el = elementFor(`c:${item.clientMessageId}`, 1e9 + index, "contact", null);
    renderText(el.querySelector("p")!, item.content);
    el.querySelector("small")!.textContent = navigator.onLine ? "Sending…" : "Waiting for connection";
  });
}

/** The highest seq held with nothing still streaming before it: resync asks for what comes after. */
function lastSeqHeld(): number {
  const sorted = [...messages.values()].sort((a, b) => a.seq - b.seq);
  const streaming = sorted.find((m) => m.status === "streaming");
  return streaming ? Math.ceil(streaming.seq) - 1 : (sorted.at(-1)?.seq ?? 0);
}

let token: string | null = null;
let starting: Promise<void> | null = null;
let identity: Identity | null = null;

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, { ...init, headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
  if (response.status === 401 && token) {
    // The token expired: a new session for the same visitor, then the same request again.
    token = null;
    starting = null;
    await startSession();
    return api(path, init);
  }
  return response;
}

async function problemDetail(response: Response): Promise<string> {
  try {
    return ((await response.json()) as { detail?: string }).detail ?? "Something went wrong.";
  } catch {
    return "Something went wrong.";
  }
}

function startSession(): Promise<void> {
  starting ??= (async () => {
    const body = { key, hostOrigin, ...(saved.visitorId ? { visitorId: saved.visitorId } : {}), ...(identity ? { identity } : {}) };
    const response = await api("/api/widget/session", { method: "POST", body: JSON.stringify(body) });
    if (!response.ok) {
      statusLine.textContent = await problemDetail(response);
      throw new Error("no session");
    }
    const session = (await response.json()) as { token: string; visitorId: string; conversationId: string; messages: Message[]; state: State };
    token = session.token;
    if (saved.conversationId !== session.conversationId) {
      // Another conversation (a new visitor, or an identified one): what was held belonged to the
      // old one. Unsent messages stay: they are this visitor's.
      messages.clear();
      elements.forEach((el, ref) => {
        if (ref.startsWith("c:")) return;
        el.remove();
        elements.delete(ref);
      });
      log.querySelectorAll(".notice").forEach((n) => n.remove());
    }
    saved.visitorId = session.visitorId;
    saved.conversationId = session.conversationId;
    // What this browser kept is shown only now that the server confirmed it is still this visitor's.
    merge([...messages.values(), ...session.messages], false);
    applyState(session.state);
    statusLine.textContent = "";
    connectSocket();
  })().finally(() => {
    if (!token) starting = null;
  });
  return starting;
}

// --- The socket, and REST when it cannot connect -------------------------------------------

let socket: Socket | null = null;
let fallbackTimer: ReturnType<typeof setTimeout> | undefined;
let pollTimer: ReturnType<typeof setInterval> | undefined;
const live = () => socket?.connected === true;

function emit<T>(event: string, payload: unknown): Promise<Ack<T>> {
  return new Promise((resolve, reject) => socket!.timeout(10_000).emit(event, payload, (error: Error | null, ack: Ack<T>) => (error ? reject(error) : resolve(ack))));
}

function connectSocket() {
  if (socket) {
    // A new token (an expired one, or a new identity): reconnect with it.
    socket.auth = { visitorToken: token };
    socket.disconnect().connect();
    return;
  }
  // WebSocket first; long-polling where a proxy or network refuses it.
  socket = io({ auth: { visitorToken: token }, transports: ["websocket", "polling"], tryAllTransports: true, reconnectionDelayMax: 5000 });
  fallbackTimer = setTimeout(useRest, SOCKET_PATIENCE_MS);
  socket.on("connect", () => {
    clearTimeout(fallbackTimer);
    clearInterval(pollTimer);
    pollTimer = undefined;
    void resync().then(flush);
  });
  socket.on("connect_error", (error) => {
    if (error.message === "unauthenticated") {
      // An expired token, or a conversation that is gone: a new session reconnects with its token.
      token = null;
      starting = null;
      void startSession().catch(() => undefined);
    } else if (error.message === "origin_mismatch") {
      statusLine.textContent = "This website is no longer allowed to show the chat.";
    }
    useRest();
  });
  socket.on("disconnect", (reason) => {
    fallbackTimer = setTimeout(useRest, SOCKET_PATIENCE_MS);
    // The server ended the session (its token expired, or the site is no longer allowed): ask again.
    if (reason === "io server disconnect") {
      token = null;
      starting = null;
      void startSession().catch(() => undefined);
    }
  });
  socket.on("visitor:message", (message: Message) => merge([message], true));
  socket.on("visitor:delta", ({ messageId, text }: { messageId: string; text: string }) => appendDelta(messageId, text));
  socket.on("visitor:retracted", ({ messageId }: { messageId: string }) => drop(messageId));
  socket.on("visitor:state", applyState);
  socket.on("visitor:seen", ({ seq }: { seq: number }) => {
    readSeq = Math.max(readSeq, seq);
    updateMarks();
  });
  socket.on("visitor:typing", ({ name, typing }: { name: string; typing: boolean }) => {
    typingLine.textContent = typing ? `${name} is typing…` : "";
    if (typing) markDelivered();
  });
}

/** No socket for now: send over REST and look for new messages every few seconds until it connects. */
function useRest() {
  if (live() || pollTimer) return;
  pollTimer = setInterval(() => void resync().catch(() => undefined), POLL_MS);
  void resync()
    .then(flush)
    .catch(() => undefined);
}

async function resync() {
  // A sync starts before the first reply still streaming: one it does not bring back was taken back.
  const returned = new Set<string>();
  const page = async () => {
    if (live()) {
      const ack = await emit<{ messages: Message[]; more: boolean; state: State }>("visitor:sync", { after: lastSeqHeld() });
      return ack.ok ? { data: ack.messages, more: ack.more, state: ack.state } : null;
    }
    if (!token) return null;
    const response = await api(`/api/widget/messages?after=${lastSeqHeld()}`);
    return response.ok ? ((await response.json()) as { data: Message[]; more: boolean; state: State }) : null;
  };
  for (;;) {
    const next = await page();
    if (!next) return;
    next.data.forEach((m) => returned.add(m.id));
    merge(next.data, true);
    applyState(next.state);
    if (!next.more) break;
  }
  for (const m of [...messages.values()]) if (m.status === "streaming" && !returned.has(m.id)) drop(m.id);
}

/** Reads a server-sent event stream, handing each event to `on`. */
async function readEvents(response: Response, on: (event: string, payload: Record<string, unknown>) => void) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const payload = /^data: (.*)$/m.exec(block)?.[1];
      if (payload) on(event, JSON.parse(payload) as Record<string, unknown>);
    }
  }
}

function onStreamEvent(event: string, payload: Record<string, unknown>) {
  if (event === "message") merge([payload.message as Message | null], true);
  else if (event === "delta") appendDelta(String(payload.messageId), String(payload.delta));
  else if (event === "error") void resync().catch(() => undefined);
  else if (event === "done") {
    merge([payload.reply as Message | null], true);
    if (payload.conversation) applyState(payload.conversation as State);
    // A reply still marked streaming after its turn was taken back (a human took over): the sync drops it.
    if ([...messages.values()].some((m) => m.status === "streaming")) void resync().catch(() => undefined);
  }
}

/** Answers after which a message is given up (its text is shown back in the status line); anything else is retried. */
const REFUSED_FOR_GOOD = new Set(["validation_failed", "forbidden", "not_found"]);

/** Sends one message: over the socket, or over REST with the reply streamed back. False when it must wait. */
async function sendOne(item: Outgoing): Promise<boolean> {
  if (live()) {
    const ack = await emit<{ message: Message }>("visitor:send", item);
    if (!ack.ok && ack.code === "rate_limited") {
      statusLine.textContent = "You are sending messages too quickly. Wait a moment and try again.";
      setTimeout(() => void flush(), 5000);
      return false;
    }
    if (!ack.ok && !REFUSED_FOR_GOOD.has(ack.code)) throw new Error(ack.code);
    saved.outbox.shift();
    if (ack.ok) merge([ack.message], false);
    else {
      elements.get(`c:${item.clientMessageId}`)?.remove();
      statusLine.textContent = "That message could not be sent.";
    }
    save();
    return true;
  }
  const response = await api("/api/widget/messages", { method: "POST", headers: { accept: "text/event-stream" }, body: JSON.stringify(item) });
  if (response.status === 429) {
    statusLine.textContent = await problemDetail(response);
    setTimeout(() => void flush(), 1000 * Number(response.headers.get("retry-after") ?? 5));
    return false;
  }
  // A server error, or a proxy's while Parley restarts: the message waits and goes again.
  if (!response.ok && response.status !== 403 && response.status !== 404 && response.status !== 422) throw new Error(String(response.status));
  saved.outbox.shift();
  save();
  if (!response.ok) {
    elements.get(`c:${item.clientMessageId}`)?.remove();
    statusLine.textContent = await problemDetail(response);
    return true;
  }
  await readEvents(response, onStreamEvent);
  return true;
}

let flushing = false;

/** Sends the outbox in order, one message at a time; stops at the first that cannot go yet. */
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    while (saved.outbox[0]) {
      if (!token) await startSession();
      if (!(await sendOne(saved.outbox[0]))) return;
    }
    statusLine.textContent = "";
  } catch (error) {
    // Offline, the server went away or failed: keep the outbox and try again.
    statusLine.textContent =
      error instanceof TypeError || !navigator.onLine ? "You are offline. Your messages will be sent when the connection is back." : "Your message is not sent yet; trying again…";
    showOutbox();
    setTimeout(() => void flush(), 5000);
  } finally {
    flushing = false;
  }
}

let typingSince = 0;
let typingTimer: ReturnType<typeof setTimeout> | undefined;

/** Tells staff the visitor is typing: at most every few seconds, and that it stopped after a pause. */
function typing(now: boolean) {
  if (!live()) return;
  clearTimeout(typingTimer);
  if (now) {
    if (Date.now() - typingSince > 3000) socket!.emit("visitor:typing", { typing: true });
    typingSince = Date.now();
    typingTimer = setTimeout(() => typing(false), 3000);
  } else if (typingSince) {
    typingSince = 0;
    socket!.emit("visitor:typing", { typing: false });
  }
}

function send() {
  const content = input.value.trim();
  if (!content) return;
  input.value = "";
  typing(false);
  saved.outbox.push({ clientMessageId: `w-${crypto.randomUUID()}`, content });
  save();
  showOutbox();
  void flush();
}

async function leaveEmail(email: string) {
  if (live()) {
    const ack = await emit<{ state: State }>("visitor:email", { email });
    if (ack.ok) return applyState(ack.state);
  } else {
    const response = await api("/api/widget/email", { method: "POST", body: JSON.stringify({ email }) });
    if (response.ok) return applyState(((await response.json()) as { state: State }).state);
  }
  statusLine.textContent = "Enter an email address such as you@example.com.";
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  send();
});
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    send();
  }
});
input.addEventListener("input", () => typing(input.value.length > 0));
emailForm.addEventListener("submit", (event) => {
  event.preventDefault();
  void leaveEmail(emailInput.value.trim()).then(() => {
    if (emailForm.hidden) statusLine.textContent = `Thanks! We will reply to ${emailInput.value.trim()}.`;
  });
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") toHost({ type: "parley:close" });
});
$("close").addEventListener("click", () => toHost({ type: "parley:close" }));
window.addEventListener("online", () => {
  void (token ? resync() : startSession().catch(() => undefined)).then(flush);
});
window.addEventListener("offline", showOutbox);
// The loader focuses this frame as it opens: the focus goes on to the message box.
window.addEventListener("focus", () => input.focus());
window.addEventListener("message", (event: MessageEvent<HostToFrame>) => {
  // Only the page that embeds this frame, on the origin Parley served it for, may drive it.
  if (event.source !== parent || event.origin !== hostOrigin) return;
  const command = event.data;
  if (command.type === "parley:state") {
    if (ownStorage || hostStateLoaded) return;
    hostStateLoaded = true;
    Object.assign(saved, parse(command.state));
    for (const m of saved.messages) messages.set(m.id, m);
    showOutbox();
    if (saved.outbox.length) void flush();
  } else if (command.type === "parley:identify") {
    identity = command.identity;
    // A session already open or on its way: a new one under the identity (it may resume that
    // user's conversation) once the current attempt has settled.
    if (token || starting) {
      void (starting ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => {
          token = null;
          starting = null;
          return startSession();
        })
        .catch(() => undefined);
    }
  } else if (command.type === "parley:open") {
    input.focus();
    void startSession()
      .then(resync)
      .then(flush)
      .catch(() => undefined);
  }
});

showOutbox();
if (saved.outbox.length) void flush();
toHost({ type: "parley:ready", theme: { color: data.color ?? "#4f46e5", position: data.position === "left" ? "left" : "right", launcherText: data.launcher ?? "Chat" } });
