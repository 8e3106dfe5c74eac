/**
 * The clients of bench/realtime.ts, in their own process: widget sockets and one staff console
 * (or, for the baseline, bare sockets and one watcher). Driven by the parent over IPC.
 */
import { io, type Socket } from "socket.io-client";

export type ClientTask =
  | { kind: "connect"; url: string; mode: "parley"; tokens: string[]; origin: string; staffCookie: string; businessId: string }
  | { kind: "connect"; url: string; mode: "bare"; count: number }
  | { kind: "load"; messages: number; windowMs: number }
  | { kind: "disconnect" };
export type ClientReport = { kind: "connected"; count: number } | { kind: "latencies"; latencies: number[] } | { kind: "done" };

let senders: Socket[] = [];
let watcher: Socket | null = null;
let mode: "parley" | "bare" = "parley";
const sentAt = new Map<string, number>();
let latencies: number[] = [];

const connected = (socket: Socket) =>
  new Promise<Socket>((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });

const received = (id: string) => {
  const at = sentAt.get(id);
  if (at === undefined) return;
  sentAt.delete(id);
  latencies.push(performance.now() - at);
};

async function connect(task: Extract<ClientTask, { kind: "connect" }>): Promise<number> {
  mode = task.mode;
  const options = { transports: ["websocket"], reconnection: false, forceNew: true };
  if (task.mode === "parley") {
    watcher = io(task.url, { ...options, extraHeaders: { origin: task.url, cookie: task.staffCookie } });
    await connected(watcher);
    await watcher.emitWithAck("console:join", { businessId: task.businessId });
    watcher.on("conversation:message", ({ message }: { message: { role: string; clientMessageId: string | null } }) => {
      if (message.role === "contact" && message.clientMessageId) received(message.clientMessageId);
    });
  } else {
    watcher = io(task.url, options);
    await connected(watcher);
    watcher.emit("watch");
    watcher.on("relayed", ({ id }: { id: string }) => received(id));
  }
  const count = task.mode === "parley" ? task.tokens.length : task.count;
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) => {
      const n = i + j;
      const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      return connected(
        task.mode === "parley"
          ? io(task.url, { ...options, auth: { visitorToken: task.tokens[n] }, extraHeaders: { origin: task.origin, "x-forwarded-for": address } })
          : io(task.url, options),
      );
    });
    senders.push(...(await Promise.all(batch)));
  }
  return senders.length;
}

let round = 0;

async function load(messages: number, windowMs: number): Promise<number[]> {
  latencies = [];
  round++;
  const sends: Promise<void>[] = [];
  senders.forEach((socket, i) => {
    for (let m = 0; m < messages; m++) {
      const id = `bench-${round}-${i}-${m}`;
      sends.push(
        new Promise((resolve) =>
          setTimeout(() => {
            sentAt.set(id, performance.now());
            if (mode === "parley") socket.emit("visitor:send", { content: `Hello, message ${m} from visitor ${i}`, clientMessageId: id }, () => resolve());
            else socket.emit("relay", { id }, resolve());
          }, Math.random() * windowMs),
        ),
      );
    }
  });
  await Promise.all(sends);
  // What is still in flight gets a moment to arrive.
  const deadline = Date.now() + 10_000;
  while (sentAt.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (sentAt.size > 0) console.error(`${sentAt.size} messages never reached the watcher`);
  sentAt.clear();
  return latencies;
}

process.on("message", (task: ClientTask) => {
  const reply = (report: ClientReport) => process.send!(report);
  if (task.kind === "connect") void connect(task).then((count) => reply({ kind: "connected", count }));
  else if (task.kind === "load") void load(task.messages, task.windowMs).then((l) => reply({ kind: "latencies", latencies: l }));
  else {
    for (const socket of [...senders, watcher]) socket?.close();
    senders = [];
    watcher = null;
    reply({ kind: "done" });
  }
});
