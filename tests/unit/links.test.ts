import { describe, expect, it } from "vitest";
import { splitLinks } from "@/widget/links";

describe("splitLinks", () => {
  it("cuts out web links, leaving the punctuation after them as text", () => {
    expect(splitLinks("See https://acme.example/bikes?size=m, or http://x.example.")).toEqual([
      { text: "See " },
      { text: "https://acme.example/bikes?size=m", href: "https://acme.example/bikes?size=m" },
      { text: ", or " },
      { text: "http://x.example", href: "http://x.example" },
      { text: "." },
    ]);
  });

  it("makes nothing else a link: other schemes and markup stay text", () => {
    expect(splitLinks('javascript:alert(1) <a href="https://evil.example">x</a>')).toEqual([
      { text: 'javascript:alert(1) <a href="' },
      { text: "https://evil.example", href: "https://evil.example" },
      { text: '">x</a>' },
    ]);
    expect(splitLinks("")).toEqual([]);
  });
});
