import { businessParams } from "@/lib/http/params";
import { created, route } from "@/lib/http/route";
import { rotateWidgetSecret } from "@/lib/widget/identity";

/** A new widget secret, replacing the old one at once; the only time the secret is shown. */
export const POST = route({ params: businessParams }, async ({ actor, params }) => created(await rotateWidgetSecret(actor, params.businessId)));
