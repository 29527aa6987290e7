// Import boundaries (issue 18), checked by `depcruise` in the guardrails test project
// (guardrails/boundaries.test.ts). Each rule is an error; none lists today's exceptions.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-nothing-of-ours',
      comment: 'packages/core is the pure rules: it imports no other package or example of this repo.',
      severity: 'error',
      from: { path: '^packages/core/src/' },
      to: { path: '^(packages/(?!core/)[^/]+/|examples/|e2e/|scripts/)' },
    },
    {
      name: 'db-imports-nothing-above-it',
      comment: 'packages/server/src/db is the bottom layer: it may use util/ and itself, nothing that uses it.',
      severity: 'error',
      from: { path: '^packages/server/src/db/', pathNot: '\\.test\\.ts$' },
      to: { path: '^packages/server/src/', pathNot: '^packages/server/src/(db|util)/' },
    },
    {
      name: 'services-know-no-transport',
      comment: 'Services raise domain errors (src/domain/) and know nothing of HTTP, the dashboard or the routes: the routes translate.',
      severity: 'error',
      from: { path: '^packages/server/src/services/', pathNot: '\\.test\\.ts$' },
      to: { path: '^packages/server/src/(http|admin|routes)/' },
    },
    {
      name: 'rewards-know-no-transport',
      comment: 'The welcome-coupon rules (src/rewards/) raise domain errors, a daily cap too (rate_limited, with its retry-after seconds); they import no transport, route or dashboard code.',
      severity: 'error',
      from: { path: '^packages/server/src/rewards/', pathNot: '\\.test\\.ts$' },
      to: { path: '^packages/server/src/(http|admin|routes)/' },
    },
    {
      name: 'admin-raises-domain-errors',
      comment: "The dashboard's modules below its routes (accounts, reports, periods, the `twotier admin` command) raise domain errors: they import no HTTP errors and no route; admin/index.ts mounts the routes.",
      severity: 'error',
      from: { path: '^packages/server/src/admin/[^/]+\\.ts$', pathNot: '^packages/server/src/admin/(index|[^/]+\\.test)\\.ts$' },
      to: { path: '^packages/server/src/(http/(errors|error-handler)\\.ts$|routes/|admin/routes/)' },
    },
    {
      name: 'read-models-below-services',
      comment: 'A read model (src/read-models/) is kept from domain events by the writes; it imports no service, route, transport or dashboard code.',
      severity: 'error',
      from: { path: '^packages/server/src/read-models/', pathNot: '\\.test\\.ts$' },
      to: { path: '^packages/server/src/(services|http|admin|routes)/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'src/domain/ (domain errors, input validation, origin rules) imports nothing of the server.',
      severity: 'error',
      from: { path: '^packages/server/src/domain/' },
      to: { path: '^packages/server/src/', pathNot: '^packages/server/src/domain/' },
    },
    {
      name: 'http-imports-no-dashboard',
      comment: 'The transport (src/http/) is below the dashboard (src/admin/), which uses it.',
      severity: 'error',
      from: { path: '^packages/server/src/http/', pathNot: '\\.test\\.ts$' },
      to: { path: '^packages/server/src/admin/' },
    },
    {
      name: 'routes-do-not-import-routes',
      comment:
        'A route module (*-routes.ts, admin/routes/) declares its own endpoints; it does not import another ' +
        'route module. What two share lives below them (schemas/, services/, http/). Routers are mounted by ' +
        'app.ts, admin/index.ts and routes/feature-routes.ts, the router of the feature routers.',
      severity: 'error',
      from: { path: '^packages/server/src/(.+-routes\\.ts$|admin/routes/)', pathNot: '^packages/server/src/routes/feature-routes\\.ts$' },
      to: { path: '^packages/server/src/(.+-routes\\.ts$|admin/routes/)' },
    },
    {
      name: 'admin-ui-imports-only-schemas',
      comment:
        'The dashboard talks to the server over HTTP: of this repo it imports only itself, @twotier/core (its schemas, ' +
        'and the rules it shows: money formatting, commission explanations, regions) and @twotier/sdk; no server or widget code.',
      severity: 'error',
      from: { path: '^packages/server/admin-ui/src/' },
      to: { path: '^(packages|examples|e2e|scripts)/', pathNot: '^packages/(server/admin-ui/src|core/src|sdk/src)/' },
    },
    {
      name: 'no-circular-packages',
      comment: 'Packages depend on each other in one direction (core <- sdk, widget <- server).',
      severity: 'error',
      from: { path: '^packages/(core|sdk|widget)/src/' },
      to: { path: '^packages/(server|vendure|medusa)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|dist-admin|coverage)/' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@twotier/source', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.mjs', '.js', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
