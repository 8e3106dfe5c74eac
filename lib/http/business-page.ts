import { cache } from "react";
import { getBusiness, listBusinesses } from "@/lib/businesses/service";
import { orNotFound, requireUser } from "./page-session";

/**
 * The signed-in member's view of a business page, once per request however many server
 * components ask (React cache). Not a member, or no such business: 404.
 */
export const businessPage = cache(async (slug: string) => {
  const { user, actor } = await requireUser(`/b/${slug}`);
  const business = await orNotFound(getBusiness(actor, { slug }));
  return { user, actor, business };
});

export const myBusinesses = cache(async (slug: string) => {
  const { actor } = await businessPage(slug);
  return (await listBusinesses(actor, { limit: 100 })).data;
});
