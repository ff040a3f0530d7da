/** Builds server/dist/server/main.mjs (see build-server.mjs). */
export function buildServer(options?: { readonly quiet?: boolean }): Promise<{ readonly out: string; readonly inputs: number; readonly ms: number }>;
