import { headers } from "next/headers";
import { RotateWidgetSecretForm, WidgetSettingsForm } from "@/components/widget-settings/widget-settings-form";
import { Card, PageHeader } from "@/components/ui/card";
import { listAgents } from "@/lib/agents/service";
import { businessPage } from "@/lib/http/business-page";
import { originOf, publicUrl } from "@/lib/http/public-url";
import { can } from "@/lib/tenancy/permissions";
import { widgetSecretHint } from "@/lib/widget/identity";

export const metadata = { title: "Widget" };

export default async function WidgetSettingsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { actor, business } = await businessPage(businessSlug);
  const settings = business.widgetSettings;
  const snippet = `<script src="${publicUrl("/widget.js", originOf(await headers()))}" data-key="${business.widgetPublicKey}" async></script>`;
  const agents = (await listAgents(actor, business.id, { limit: 100 })).data;
  const secret = await widgetSecretHint(actor, business.id);
  return (
    <>
      <PageHeader title="Chat widget" description="Put a chat with your agent on your own website." />
      <div className="space-y-6">
        <Card title="Embed snippet" description="Paste this tag into every page that should show the chat, just before </body>.">
          <label htmlFor="widget-snippet" className="sr-only">
            Embed snippet
          </label>
          <textarea id="widget-snippet" readOnly rows={3} value={snippet} className="block w-full rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-900 ring-1 ring-slate-200" />
          {settings.allowedOrigins.length === 0 && (
            <p className="mt-2 text-sm text-amber-800">No site is allowed yet: add your site&apos;s origin below, or the widget stays hidden.</p>
          )}
        </Card>
        <Card title="Settings">
          {can(business.role, "business.update") ? (
            <WidgetSettingsForm businessId={business.id} settings={settings} agents={agents.map((a) => ({ id: a.id, name: a.name }))} />
          ) : (
            <dl className="grid gap-3 text-sm sm:grid-cols-2">
              {[
                ["Allowed origins", settings.allowedOrigins.join(", ") || "—"],
                ["Agent", agents.find((a) => a.id === settings.agentId)?.name ?? "The first active agent"],
                ["Colour", settings.color],
                ["Position", settings.position === "left" ? "Bottom left" : "Bottom right"],
                ["Launcher text", settings.launcherText],
                ["Greeting", settings.greeting ?? "—"],
                ["Identity verification", settings.requireVerifiedIdentity ? "Required" : "Optional"],
              ].map(([label, value]) => (
                <div key={label}>
                  <dt className="font-medium text-slate-600">{label}</dt>
                  <dd className="break-words text-slate-900">{value}</dd>
                </div>
              ))}
            </dl>
          )}
        </Card>
        <Card
          title="Identity verification"
          description="Your server signs each signed-in user's id with this secret, so the chat knows it is really them (see docs/widget.md). Keep it on your server, never in a page."
        >
          <p className="mb-3 text-sm text-slate-700">
            {secret ? `In use: a secret ending in …${secret.hint}, created ${secret.createdAt.toISOString().slice(0, 10)}.` : "No widget secret yet."}
          </p>
          {can(business.role, "business.update") && <RotateWidgetSecretForm businessId={business.id} hasSecret={Boolean(secret)} />}
        </Card>
      </div>
    </>
  );
}
