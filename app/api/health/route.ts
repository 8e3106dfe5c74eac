import { json, route } from "@/lib/http/route";

/** Liveness: the process answers. */
export const GET = route({ public: true }, async () => json({ status: "ok" }));
