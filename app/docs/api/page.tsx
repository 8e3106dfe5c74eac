import Link from "next/link";
import { Logo } from "@/components/shell/logo";
import { v1Endpoints } from "@/lib/http/api-catalogue";
import { apiReference, type ReferenceField } from "@/lib/http/api-reference";

export const metadata = { title: "REST API reference" };

const methodColours: Record<string, string> = {
  GET: "bg-sky-100 text-sky-800",
  POST: "bg-emerald-100 text-emerald-800",
  PUT: "bg-amber-100 text-amber-800",
  PATCH: "bg-amber-100 text-amber-800",
  DELETE: "bg-rose-100 text-rose-800",
};

function FieldTable({ caption, fields }: { caption: string; fields: ReferenceField[] }) {
  if (fields.length === 0) return null;
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="mb-1 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">{caption}</caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {fields.map((f) => (
            <tr key={f.path} className="align-top">
              <td className="py-1.5 pr-4 font-mono text-xs text-slate-900">
                {f.path}
                {f.required ? "" : <span className="text-slate-400">?</span>}
              </td>
              <td className="py-1.5 pr-4 font-mono text-xs text-slate-600">{f.type}</td>
              <td className="py-1.5 text-slate-600">{f.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The REST v1 reference, rendered from the same catalogue as /api/v1/openapi.json. Public. */
export default function ApiReferencePage() {
  const groups = apiReference(v1Endpoints);
  return (
    <div className="mx-auto max-w-5xl px-4 py-8">
      <Logo />
      <header className="mt-6">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">REST API v1 reference</h1>
        <p className="mt-2 max-w-3xl text-sm text-slate-600">
          Base URL <code className="rounded bg-slate-100 px-1">/api/v1</code>. Authenticate with a business API key as{" "}
          <code className="rounded bg-slate-100 px-1">Authorization: Bearer prl_…</code> (created under Settings → API keys). Bodies are JSON; lists
          answer <code className="rounded bg-slate-100 px-1">{"{ data, nextCursor }"}</code> and take <code>?limit</code> and <code>?cursor</code>; errors are{" "}
          <code className="rounded bg-slate-100 px-1">application/problem+json</code> with a stable <code>code</code>. Fields marked{" "}
          <span className="font-mono">?</span> are optional. Machine-readable:{" "}
          <Link className="text-brand-600 hover:underline" href="/api/v1/openapi.json">
            openapi.json
          </Link>
          .
        </p>
      </header>
      <div className="mt-8 grid gap-8 lg:grid-cols-[14rem_1fr]">
        <nav aria-label="API sections" className="text-sm lg:sticky lg:top-6 lg:self-start">
          <ul className="space-y-3">
            {groups.map((g) => (
              <li key={g.tag}>
                <a className="font-medium text-slate-900 hover:underline" href={`#${g.endpoints[0]?.id}`}>
                  {g.tag}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main className="space-y-10">
          {groups.map((g) => (
            <section key={g.tag} aria-labelledby={`tag-${g.tag}`}>
              <h2 id={`tag-${g.tag}`} className="text-lg font-semibold text-slate-900">
                {g.tag}
              </h2>
              <div className="mt-3 space-y-4">
                {g.endpoints.map((e) => (
                  <article key={e.id} id={e.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                    <h3 className="flex flex-wrap items-center gap-2">
                      <span className={`rounded px-2 py-0.5 font-mono text-xs font-semibold ${methodColours[e.method] ?? ""}`}>{e.method}</span>
                      <code className="break-all text-sm text-slate-900">{e.path}</code>
                    </h3>
                    <p className="mt-1 text-sm text-slate-700">{e.summary}</p>
                    <FieldTable caption="Path parameters" fields={e.pathParams} />
                    <FieldTable caption="Query" fields={e.query} />
                    <FieldTable caption="Request body" fields={e.body} />
                    <p className="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Response {e.response.status}</p>
                    {e.response.fields.length === 0 ? <p className="text-sm text-slate-600">No content.</p> : <FieldTable caption="" fields={e.response.fields} />}
                  </article>
                ))}
              </div>
            </section>
          ))}
        </main>
      </div>
    </div>
  );
}
