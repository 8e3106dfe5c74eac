import { diffLines } from "diff";

/** One line of a diff: `+` added in the newer text, `-` removed from the older, ` ` unchanged. */
export type DiffLine = { op: "+" | "-" | " "; text: string };

/** A line-by-line diff from `older` to `newer`, one entry per line. */
export function diffText(older: string, newer: string): DiffLine[] {
  return diffLines(older, newer).flatMap((change) => {
    const op = change.added ? "+" : change.removed ? "-" : " ";
    // A change's value ends with the newline of its last line; splitting leaves one empty tail.
    const lines = change.value.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    return lines.map((text) => ({ op, text }) satisfies DiffLine);
  });
}
