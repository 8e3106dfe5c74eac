import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// Every page reads the database or the session; none may be prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Parley", template: "%s · Parley" },
  description: "AI agents that walk your customers through your stages, with humans in the loop.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
