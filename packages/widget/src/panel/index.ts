export const mount = () => ({ identify() {} });
