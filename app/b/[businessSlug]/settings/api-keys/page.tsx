import Link from "next/link";
import { CreateApiKeyForm, RevokeApiKeyForm } from "@/components/api-keys/api-key-forms";
import { Card, PageHeader } from "@/components/ui/card";
import { listApiKeys } from "@/lib/api-keys/service";
import { businessPage } from "@/lib/http/business-page";
import { orNotFound } from "@/lib/http/page-session";

export const metadata = { title: "API keys" };

const when = (date: Date | null) => (date ? date.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "never");

export default async function ApiKeysPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { actor, business } = await businessPage(businessSlug);
  // Only owners and admins manage keys; for others this page does not exist.
  const keys = await orNotFound(listApiKeys(actor, business.id, { limit: 100 }));
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Keys let your systems call the <Link className="text-brand-600 hover:underline" href="/docs/api">REST API</Link> as this business:{" "}
            <code className="rounded bg-slate-100 px-1">Authorization: Bearer prl_…</code>. Business id: <code className="rounded bg-slate-100 px-1">{business.id}</code>
          </>
        }
      />
      <div className="space-y-6">
        <Card title="Active keys">
          {keys.data.length === 0 ? (
            <p className="text-sm text-slate-600">No keys yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="API keys">
              {keys.data.map((key) => (
                <li key={key.id} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between">
                  <div>
                    <p className="font-medium text-slate-900">{key.name}</p>
                    <p className="text-sm text-slate-600">
                      <code>{key.prefix}…</code> · {key.scopes.join(" + ")} · created by {key.createdBy?.name ?? "—"} · last used {when(key.lastUsedAt)}
                    </p>
                  </div>
                  <RevokeApiKeyForm businessId={business.id} keyId={key.id} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Create a key" description="The secret is shown once. Parley stores only its hash; revoking a key stops it at once.">
          <CreateApiKeyForm businessId={business.id} />
        </Card>
      </div>
    </>
  );
}
