/**
 * The layers (`npm run deps`, part of `npm test`). Each folder imports only folders below it, so no two
 * folders import each other, and no module cycle exists anywhere:
 *
 *   kernel → locales → flows → core → adapters → http → web → functions → local, cdk
 *
 * kernel holds what every layer shares (zod, field validation); http is the HTTP edge (webhooks, staff API)
 * that Lambda entry points (functions/) and the local runtime (local/, with its simulators) both serve; web
 * is the staff dashboard. tests and bench sit above everything and nothing in production imports them;
 * production code imports no devDependency (types excepted).
 */
const ORDER = ['kernel', 'locales', 'flows', 'core', 'adapters', 'http', 'web', 'functions'];
const TOP = ['local', 'cdk', 'scripts', 'tests', 'bench'];
const PRODUCTION = '^(kernel|locales|flows|core|adapters|http|web|functions)/';

const layerRules = ORDER.map((layer, i) => ({
  name: `${layer}-imports-only-lower-layers`,
  comment: `${layer}/ may import ${ORDER.slice(0, i).join(', ') || 'nothing of ours'}, never a layer above it`,
  severity: 'error',
  from: { path: `^${layer}/` },
  to: { path: `^(${[...ORDER.slice(i + 1), ...TOP].join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      comment: 'No module imports itself through others (type-only imports included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'nothing-imports-tests',
      comment: 'Production, the local runtime, cdk and scripts never import tests/ (bench may use its support).',
      severity: 'error',
      from: { pathNot: '^(tests|bench)/' },
      to: { path: '^tests/' },
    },
    {
      name: 'production-imports-no-dev-dependency',
      comment: 'What Lambda runs needs only dependencies (types from devDependencies are erased).',
      severity: 'error',
      from: { path: PRODUCTION },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'simulator-client-imports-only-itself',
      comment: "The simulators' browser code (bundled by local/simulator/client-bundle.ts) imports only its own folder: no server module, no package.",
      severity: 'error',
      from: { path: '^local/simulator/client/' },
      to: { pathNot: '^local/simulator/client/' },
    },
    {
      name: 'nothing-imports-simulator-client',
      comment: 'The browser code is bundled by esbuild from its path, never imported: its DOM code stays out of Node.',
      severity: 'error',
      from: { pathNot: '^local/simulator/client/' },
      to: { path: '^local/simulator/client/' },
    },
    {
      name: 'dashboard-client-imports-nothing',
      comment: "The dashboard's browser code (web/dashboard/client/, bundled alone by cdk/dashboard-script.ts) imports nothing: no server module, no package.",
      severity: 'error',
      from: { path: '^web/dashboard/client/' },
      to: {},
    },
    {
      name: 'nothing-imports-dashboard-client',
      comment: 'The dashboard script is bundled by esbuild from its path, never imported: its DOM code stays out of the Lambda bundle.',
      severity: 'error',
      from: { pathNot: '^web/dashboard/client/' },
      to: { path: '^web/dashboard/client/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'Every import resolves (aws-lambda is the types-only name of @types/aws-lambda).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^aws-lambda$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|\\.data|\\.whisper|test-artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
