import Link from "next/link";
import { LoadSampleBusinessForm } from "@/components/businesses/business-forms";
import type { BusinessView } from "@/lib/businesses/service";

/** A disclosure listing the user's businesses; works without JavaScript. */
export function BusinessSwitcher({ current, businesses }: { current: BusinessView; businesses: BusinessView[] }) {
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1.5 text-sm font-semibold text-slate-900 ring-1 ring-slate-200 hover:bg-slate-50">
        <span className="sr-only">Current business:</span>
        {current.name}
        <span aria-hidden className="text-slate-400 group-open:rotate-180">
          ▾
        </span>
      </summary>
      <div className="absolute left-0 z-20 mt-2 w-64 rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200">
        <p className="px-3 py-1.5 text-xs font-medium uppercase tracking-wide text-slate-500">Switch business</p>
        <ul>
          {businesses.map((b) => (
            <li key={b.id}>
              <Link
                href={`/b/${b.slug}`}
                aria-current={b.id === current.id ? "true" : undefined}
                className="flex items-center justify-between rounded px-3 py-2 text-sm text-slate-800 hover:bg-slate-100"
              >
                {b.name}
                <span className="text-xs text-slate-500">{b.role}</span>
              </Link>
            </li>
          ))}
        </ul>
        <Link href="/businesses/new" className="mt-1 block rounded border-t border-slate-100 px-3 py-2 text-sm font-medium text-brand-600 hover:bg-slate-100">
          + New business
        </Link>
        <div className="px-3 py-2">
          <LoadSampleBusinessForm />
        </div>
      </div>
    </details>
  );
}
