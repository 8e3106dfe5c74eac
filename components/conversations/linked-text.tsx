import { LINK_REL, splitLinks } from "@/widget/links";

/** A message's text with its web links clickable; everything else stays text. */
export function LinkedText({ text }: { text: string }) {
  return splitLinks(text).map(({ text: part, href }, i) =>
    href ? (
      <a key={i} href={href} target="_blank" rel={LINK_REL} className="underline underline-offset-2">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
