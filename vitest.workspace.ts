/**
 * The one list of test projects. vitest 4 no longer reads this file by
 * itself, so `vitest.config.ts` imports it and passes it to `test.projects`.
 */
export const projects = [
  'packages/core',
  'packages/sdk',
  'packages/widget',
  'packages/server',
  'packages/vendure',
  'packages/medusa',
  'examples/static-shop',
  'examples/node-shop',
  'examples/stripe-checkout',
  'e2e',
  'guardrails',
];

export default projects;
