/** The container key of the twotier module: `container.resolve(TWOTIER_MODULE)`. */
export const TWOTIER_MODULE = 'twotier';
