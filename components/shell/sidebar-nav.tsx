"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The business's sections. Later sections (Conversations, Stages, …) are added as they are built. */
export function SidebarNav({ slug }: { slug: string }) {
  const pathname = usePathname();
  const items = [
    { href: `/b/${slug}`, label: "Overview" },
    { href: `/b/${slug}/conversations`, label: "Conversations" },
    { href: `/b/${slug}/stages`, label: "Stages" },
    { href: `/b/${slug}/templates`, label: "Templates" },
    { href: `/b/${slug}/agents`, label: "Agents" },
    { href: `/b/${slug}/members`, label: "Members" },
    { href: `/b/${slug}/settings`, label: "Settings" },
  ];
  return (
    <nav aria-label="Business sections" className="flex gap-1 overflow-x-auto md:flex-col">
      {items.map((item) => {
        const active = item.href === `/b/${slug}` ? pathname === item.href : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${
              active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
