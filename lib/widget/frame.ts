import type { Business } from "@/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { originAllowed } from "./origins";
import { themeOf } from "./service";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The widget's iframe document. Only the business's allowed origins may frame it (CSP
 * `frame-ancestors`), and it may load nothing but Parley's own script, styles and API.
 */
export function widgetFrame(row: Business, hostOrigin: string): { html: string; headers: Record<string, string> } {
  const allowed = row.widgetSettings.allowedOrigins;
  if (!originAllowed(hostOrigin, allowed)) throw new ForbiddenError("This website is not allowed to embed the chat.");
  const theme = themeOf(row);
  const attributes = { key: row.widgetPublicKey, host: hostOrigin, color: theme.color, position: theme.position, launcher: theme.launcherText, title: theme.title };
  const data = Object.entries(attributes)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join("");
  const html = [
    `<!doctype html><html lang="en"${data}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<title>Chat with ${escapeHtml(theme.title)}</title><link rel="stylesheet" href="/widget-frame.css"></head><body>`,
    `<header><div><h1>${escapeHtml(theme.title)}</h1><p id="who"></p></div><button type="button" id="close" aria-label="Close chat">×</button></header>`,
    `<p id="greeting">${escapeHtml(theme.greeting ?? "")}</p><div id="log" role="log" aria-live="polite" aria-label="Messages"></div>`,
    `<p id="typing" aria-live="polite"></p><p id="status" role="status"></p>`,
    `<form id="email-form" hidden><label for="email">No one is available right now. Leave your email and we will reply there.</label><div><input id="email" type="email" required maxlength="254" autocomplete="email" placeholder="you@example.com"><button type="submit">Leave email</button></div></form>`,
    `<form id="form"><label for="input" class="sr">Message</label><textarea id="input" rows="1" maxlength="4000" placeholder="Write a message…"></textarea><button type="submit">Send</button></form>`,
    `<script src="/widget-frame.js" defer></script></body></html>`,
  ].join("");
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${allowed.join(" ")}`,
  ].join("; ");
  return { html, headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": csp, "cache-control": "no-store", "referrer-policy": "no-referrer" } };
}
