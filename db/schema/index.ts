export * from "./accounts";
export * from "./tenancy";
export * from "./observability";
export * from "./pipeline";
export * from "./conversations";
