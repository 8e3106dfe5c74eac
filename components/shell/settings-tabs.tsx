"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The sub-pages of Settings. */
export function SettingsTabs({ slug, showApiKeys }: { slug: string; showApiKeys: boolean }) {
  const pathname = usePathname();
  const tabs = [
    { href: `/b/${slug}/settings`, label: "Profile" },
    { href: `/b/${slug}/settings/widget`, label: "Widget" },
    ...(showApiKeys ? [{ href: `/b/${slug}/settings/api-keys`, label: "API keys" }] : []),
  ];
  return (
    <nav aria-label="Settings sections" className="mb-6 flex gap-1 border-b border-slate-200">
      {tabs.map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
