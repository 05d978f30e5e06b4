/** Bundles the CLI into `<root>/<outDir>/attune-desktop.mjs` with the list of its inputs beside it (build-cli.mjs). */
export function buildCli(outDir?: string): Promise<{ bundle: string; inputs: string[] }>;
