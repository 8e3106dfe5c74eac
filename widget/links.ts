/** Links people wrote in a chat: opened apart from the page, telling the target nothing, vouching for nothing. */
export const LINK_REL = "noopener noreferrer nofollow ugc";

/** A web address in a message, up to (not including) the punctuation that usually follows one. */
const WEB_LINK = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

/**
 * A message's text cut into plain parts and web links, for the widget and the console to render
 * as text nodes and anchors — never as HTML.
 */
export function splitLinks(text: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  let last = 0;
  for (const match of text.matchAll(WEB_LINK)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: match[0], href: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
