import Link from "next/link";
import { kindInfo, kindOptions } from "@/components/templates/kinds";
import { Card, PageHeader } from "@/components/ui/card";
import { businessPage } from "@/lib/http/business-page";
import { listTemplatesQuery } from "@/lib/templates/schemas";
import { listTemplates } from "@/lib/templates/service";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "Templates" };

const when = (date: Date) => date.toISOString().replace("T", " ").slice(0, 16) + " UTC";

export default async function TemplatesPage({ params, searchParams }: { params: Promise<{ businessSlug: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { businessSlug } = await params;
  const { actor, business } = await businessPage(businessSlug);
  // A hand-edited address with an unknown kind or cursor shows everything rather than an error.
  const { kind, cursor } = await searchParams;
  const parsed = listTemplatesQuery.safeParse({ kind, cursor, limit: 50 });
  const query = parsed.success ? parsed.data : { limit: 50 };
  const page = await listTemplates(actor, business.id, query);
  const base = `/b/${business.slug}/templates`;
  const chip = (active: boolean) =>
    `rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset ${active ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`;
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader title="Templates" description="The texts your agents speak with, written in Liquid. Every save is kept as a version." />
        {can(business.role, "templates.write") && (
          <Link href={`${base}/new`} className="mb-6 rounded-md bg-brand-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600">
            New template
          </Link>
        )}
      </div>
      <nav aria-label="Filter by kind" className="mb-4 flex flex-wrap gap-2">
        <Link href={base} className={chip(!query.kind)} aria-current={!query.kind ? "page" : undefined}>
          All
        </Link>
        {kindOptions.map((k) => (
          <Link key={k.value} href={`${base}?kind=${k.value}`} className={chip(query.kind === k.value)} aria-current={query.kind === k.value ? "page" : undefined}>
            {k.label}
          </Link>
        ))}
      </nav>
      <Card>
        {page.data.length === 0 ? (
          <p className="text-sm text-slate-600">{query.kind ? `No ${kindInfo[query.kind].label.toLowerCase()} templates yet.` : "No templates yet."}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Name</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Kind</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Stage</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Version</th>
                  <th scope="col" className="py-2 font-medium">Updated</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.data.map((t) => (
                  <tr key={t.id}>
                    <td className="py-2 pr-4">
                      <Link href={`${base}/${t.id}`} className="font-medium text-brand-700 hover:underline">
                        {t.name}
                      </Link>
                    </td>
                    <td className="py-2 pr-4 text-slate-700">{kindInfo[t.kind].label}</td>
                    <td className="py-2 pr-4 text-slate-700">{t.stage?.name ?? "—"}</td>
                    <td className="py-2 pr-4 text-slate-700">v{t.version}</td>
                    <td className="py-2 text-slate-600">{when(t.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {page.nextCursor && (
          <p className="mt-4">
            <Link href={`${base}?${new URLSearchParams({ ...(query.kind ? { kind: query.kind } : {}), cursor: page.nextCursor })}`} className="text-sm font-medium text-brand-700 hover:underline">
              More templates →
            </Link>
          </p>
        )}
      </Card>
    </>
  );
}
