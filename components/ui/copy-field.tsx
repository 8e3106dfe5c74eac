"use client";

import { useState } from "react";

/** A read-only value with a Copy button, for links and secrets shown once. */
export function CopyField({ label, value, message }: { label: string; value: string; message: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-md bg-emerald-50 p-3 ring-1 ring-emerald-200">
      <p className="text-sm text-emerald-900">{message}</p>
      <div className="mt-2 flex gap-2">
        <input readOnly aria-label={label} value={value} className="min-w-0 flex-1 rounded border border-emerald-300 bg-white px-2 py-1 font-mono text-xs" />
        <button
          type="button"
          className="rounded-md bg-white px-2 py-1 text-sm ring-1 ring-emerald-300 hover:bg-emerald-100"
          onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
