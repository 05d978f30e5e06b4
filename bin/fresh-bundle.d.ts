/** The URL of the built CLI bundle under `root` while it is fresh, else null (fresh-bundle.js). */
export function freshBundle(root: string | URL): string | null;
