/**
 * The embed snippet's script (`/widget.js`, ≤ 3 KB gzipped). It draws nothing until the frame,
 * served by Parley only to allowed origins, says it is ready; the launcher and the frame live in
 * a shadow root so the host page's CSS cannot reach them, and the chat itself runs in the
 * frame, out of reach of the host page's scripts.
 */
import type { FrameToHost, HostToFrame, Identity } from "./protocol";

type Listener = (data?: unknown) => void;
/** The snippet's optional stub queues calls in `q`; the loaded API marks itself with `loaded`. */
type ParleyQueue = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[]; loaded?: boolean };

(() => {
  const win = window as unknown as { Parley?: ParleyQueue };
  const script = document.currentScript as HTMLScriptElement | null;
  const key = script?.dataset.key;
  if (!script || !key || win.Parley?.loaded) return;
  const parley = new URL(script.src).origin;
  const listeners: Record<string, Listener[]> = { message: [], open: [], close: [] };
  let isOpen = false;
  let ready = false;

  const host = document.createElement("div");
  // Open, so assistive tech and test tools see the launcher; the chat itself is in a cross-origin frame.
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    "<style>:host{all:initial}button{position:fixed;bottom:20px;z-index:2147483646;border:0;border-radius:24px;padding:12px 18px;font:600 15px system-ui,sans-serif;color:#fff;cursor:pointer;box-shadow:0 4px 14px #0003}button:focus-visible{outline:3px solid #000;outline-offset:2px}iframe{position:fixed;bottom:84px;z-index:2147483647;width:370px;height:560px;max-height:calc(100vh - 104px);border:0;border-radius:12px;box-shadow:0 8px 30px #0004;background:#fff}@media(max-width:480px){iframe{inset:0;width:100%;height:100%;max-height:none;border-radius:0}}[hidden]{display:none}</style><button type=button hidden aria-expanded=false></button><iframe hidden title=Chat></iframe>";
  const button = root.querySelector("button")!;
  const frame = root.querySelector("iframe")!;
  frame.src = `${parley}/widget/frame?key=${encodeURIComponent(key)}&host=${encodeURIComponent(location.origin)}`;

  // Browsers that block third-party storage leave the frame without any: it keeps its state here.
  const storageKey = `parley:${key}`;
  const stored = () => {
    try {
      return localStorage.getItem(storageKey);
    } catch {
      return null;
    }
  };
  const store = (state: string) => {
    try {
      localStorage.setItem(storageKey, state);
    } catch {
      // No storage here either: the chat lasts for this page view.
    }
  };
  const post = (message: HostToFrame) => frame.contentWindow?.postMessage(message, parley);
  const emit = (event: string, data?: unknown) => listeners[event]?.forEach((fn) => fn(data));
  const setOpen = (next: boolean) => {
    if (next === isOpen || !ready) return;
    isOpen = next;
    frame.hidden = !next;
    button.setAttribute("aria-expanded", String(next));
    post({ type: next ? "parley:open" : "parley:close" });
    (next ? frame : button).focus();
    emit(next ? "open" : "close");
  };

  const commands: Record<string, (...args: unknown[]) => void> = {
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!isOpen),
    identify: (identity) => post({ type: "parley:identify", identity: identity as Identity }),
    on: (event, fn) => {
      if (typeof fn === "function") listeners[String(event)]?.push(fn as Listener);
    },
  };
  const pending: unknown[][] = [];
  const run = (args: unknown[]) => (ready ? commands[String(args[0])]?.(...args.slice(1)) : pending.push(args));
  // The stub usually queues `arguments` objects, not arrays.
  const queued = Array.from(win.Parley?.q ?? [], (call) => Array.from(call));
  win.Parley = Object.assign((...args: unknown[]) => void run(args), { loaded: true });

  button.onclick = () => setOpen(!isOpen);
  window.addEventListener("message", (event: MessageEvent<FrameToHost>) => {
    // Only Parley's own frame may drive the launcher.
    if (event.origin !== parley || event.source !== frame.contentWindow) return;
    const data = event.data;
    if (data.type === "parley:ready") {
      const { color, position, launcherText } = data.theme;
      button.textContent = launcherText;
      button.style.background = color;
      button.style[position] = frame.style[position] = "20px";
      button.hidden = false;
      ready = true;
      post({ type: "parley:state", state: stored() });
      // `on` first, so listeners registered before the script loaded see what the queue opens.
      const calls = [...queued, ...pending].sort((a, b) => Number(b[0] === "on") - Number(a[0] === "on"));
      calls.forEach(run);
    } else if (data.type === "parley:close") setOpen(false);
    else if (data.type === "parley:store") store(data.state);
    else if (data.type === "parley:message") emit("message", data.message);
  });
  document.body.appendChild(host);
})();
