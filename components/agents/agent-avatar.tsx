/** The agent's picture, or its initials when it has none. Decorative: the name is always beside it. */
export function AgentAvatar({ name, avatarUrl, size = "md" }: { name: string; avatarUrl: string | null; size?: "md" | "lg" }) {
  const box = size === "lg" ? "h-14 w-14 text-lg" : "h-10 w-10 text-sm";
  if (avatarUrl) {
    // Admins may use any https host; next/image would need each one allow-listed in the config.
    // eslint-disable-next-line @next/next/no-img-element
    return <img src={avatarUrl} alt="" aria-hidden className={`${box} shrink-0 rounded-full object-cover ring-1 ring-slate-200`} />;
  }
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join("");
  return (
    <span aria-hidden className={`${box} inline-flex shrink-0 items-center justify-center rounded-full bg-brand-50 font-semibold text-brand-700 ring-1 ring-brand-100`}>
      {initials || "?"}
    </span>
  );
}

export function StatusBadge({ status }: { status: "active" | "paused" }) {
  const style = status === "active" ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : "bg-amber-50 text-amber-900 ring-amber-200";
  return <span className={`rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset ${style}`}>{status === "active" ? "Active" : "Paused"}</span>;
}
