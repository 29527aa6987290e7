/** The source files Medusa discovers by their place in the tree. */
export declare function medusaEntries(srcDir?: string): string[];
/** Builds the plugin's Medusa tree into `<outDir>/.medusa/server/src`; returns `<outDir>/.medusa/server`. */
export declare function buildMedusaPlugin(outDir?: string): Promise<string>;
