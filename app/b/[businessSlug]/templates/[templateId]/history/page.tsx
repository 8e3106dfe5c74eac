import Link from "next/link";
import { VersionDiff } from "@/components/templates/version-diff";
import { RestoreVersionForm } from "@/components/templates/template-forms";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { businessPage } from "@/lib/http/business-page";
import { orNotFound } from "@/lib/http/page-session";
import { diffTemplateVersions, getTemplate, listTemplateVersions } from "@/lib/templates/service";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "Template history" };

const when = (date: Date) => date.toISOString().replace("T", " ").slice(0, 16) + " UTC";

/** A version number from the address, or the fallback when it is missing or not a number. */
const versionParam = (value: string | undefined, fallback: number) => (value && /^\d{1,9}$/.test(value) ? Number(value) : fallback);

function VersionSelect({ name, label, versions, selected }: { name: string; label: string; versions: number[]; selected: number }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={name} name={name} defaultValue={String(selected)} className="rounded-md border-0 bg-white px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600">
        {versions.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </div>
  );
}

export default async function TemplateHistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ businessSlug: string; templateId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { businessSlug, templateId } = await params;
  const search = await searchParams;
  const { actor, business } = await businessPage(businessSlug);
  const template = await orNotFound(getTemplate(actor, business.id, templateId));
  const versions = await listTemplateVersions(actor, business.id, template.id, { limit: 100 });
  const canWrite = can(business.role, "templates.write");
  const to = versionParam(search.to, template.version);
  const from = versionParam(search.from, Math.max(1, to - 1));
  const diff = from !== to ? await orNotFound(diffTemplateVersions(actor, business.id, template.id, from, to)) : null;
  const options = versions.data.map((v) => v.version);

  return (
    <>
      <PageHeader
        title={`History of “${template.name}”`}
        description={
          <Link href={`/b/${business.slug}/templates/${template.id}`} className="font-medium text-brand-700 hover:underline">
            ← Back to the template
          </Link>
        }
      />
      <div className="space-y-6">
        <Card title="Compare versions">
          {options.length < 2 ? (
            <p className="text-sm text-slate-600">There is only one version so far.</p>
          ) : (
            <>
              <form method="get" className="flex flex-wrap items-end gap-3">
                <VersionSelect name="from" label="From version" versions={options} selected={from} />
                <VersionSelect name="to" label="To version" versions={options} selected={to} />
                <Button type="submit" variant="secondary">
                  Show diff
                </Button>
              </form>
              {diff && <VersionDiff from={diff.from} to={diff.to} lines={diff.lines} />}
            </>
          )}
        </Card>
        <Card title="Versions">
          <ol className="divide-y divide-slate-100" aria-label="Versions">
            {versions.data.map((v) => (
              <li key={v.version} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div>
                  <p className="font-medium text-slate-900">
                    Version {v.version}
                    {v.version === template.version && <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-700">current</span>}
                  </p>
                  <p className="text-sm text-slate-600">
                    {v.name} · saved by {v.savedBy?.name ?? "an API key"} · {when(v.createdAt)}
                    {v.restoredFrom !== null && ` · restored from version ${v.restoredFrom}`}
                  </p>
                </div>
                {canWrite && v.version !== template.version && <RestoreVersionForm businessId={business.id} templateId={template.id} version={v.version} />}
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </>
  );
}
