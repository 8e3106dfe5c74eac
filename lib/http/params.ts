import { z } from "zod";

/** Path parameters shared by the v1 routes (the wrapper answers a malformed one with 404). */
export const businessParams = z.object({ businessId: z.uuid() });
export const memberParams = businessParams.extend({ userId: z.uuid() });
