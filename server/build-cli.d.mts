/** Builds server/dist/cli/motcua.mjs and check-worker.mjs (see build-cli.mjs). */
export function buildCli(options?: { readonly quiet?: boolean }): Promise<{ readonly out: string; readonly inputs: number; readonly ms: number }>;
