/** Bundles the dashboard into packages/server/dist-admin; returns that folder. */
export declare function buildAdmin(options?: { minify?: boolean }): Promise<string>;
