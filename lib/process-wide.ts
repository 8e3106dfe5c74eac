/**
 * One value per process. Next.js bundles its own copy of every module beside server.ts's, so a
 * module-level cache or registry would exist twice, and a change made through one copy (an admin
 * saving settings in a route handler) would not reach the other (a socket handler): what must be
 * shared lives on globalThis under a registered symbol instead.
 */
export function processWide<T>(name: string, create: () => T): T {
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  return (holder[Symbol.for(`parley.${name}`)] ??= create());
}
