import { fileURLToPath } from 'node:url';
import { Duration, type Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { BUNDLED_TEMPLATE_DIR, TEMPLATE_FILES } from '../../flows/templates/files.js';
import { OPENAPI_DIR } from '../../http/api/openapi-file.js';
import { CHANNELS } from '../constructs/queues.js';
import { StemFunction } from '../constructs/stem-function.js';
import { writeOpenApiFile } from '../openapi-file.js';
import { writeDashboardScript } from '../dashboard-script.js';
import { DASHBOARD_SCRIPT_DIR } from '../../web/dashboard/page/script.js';
import { dashboardTextFiles } from '../../locales/dashboard.js';
import { buildXlsxWriter, XLSX_WRITER_DIR } from '../xlsx-writer.js';
import type { StackParts } from './parts.js';

/** What the authoring function serves (http/api/authoring-api-app.ts); the rest of /api goes to the staff API. */
export const AUTHORING_PATHS = [
  '/api/surveys',
  '/api/surveys/{proxy+}',
  '/api/templates',
  '/api/templates/{proxy+}',
  '/api/library',
  '/api/library/{proxy+}',
  '/api/translations',
  '/api/translations/{proxy+}',
] as const;

/** The built-in survey templates, copied beside a bundle that reads them (flows/templates/files.ts). */
const TEMPLATE_BESIDE = {
  dir: BUNDLED_TEMPLATE_DIR,
  sources: TEMPLATE_FILES.map((f) => fileURLToPath(new URL(`../../flows/templates/${f}`, import.meta.url))),
};

/** What staff, interpreters and coordinators use: the staff API, authoring, the human transcription queue, the dashboard. */
export function addStaffFunctions(
  stack: Stack,
  parts: StackParts,
): { staffApi: StemFunction; authoringApi: StemFunction; voiceApi: StemFunction; dashboard: StemFunction } {
  const { api, queues, media, auth, common, publicUrl } = parts;

  // The staff API: Cognito ID tokens checked in it.
  const staffApi = new StemFunction(stack, 'StaffApi', {
    ...common,
    entry: 'api.ts',
    description: 'Stem: staff API',
    // Invitations of an import or a launch in batches; DeleteItem for removed prompts.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
    memorySize: 1024,
    // The built-in survey templates are read from files beside the bundle (flows/templates/files.ts: rounds
    // and plans of rounds may ask a template, saved on first use); the
    // XLSX writer is required from beside it on the first XLSX export (cdk/xlsx-writer.ts); the OpenAPI
    // document, made here at synth, is read from beside it on the first request for it (cdk/openapi-file.ts).
    files: [
      TEMPLATE_BESIDE,
      {
        dir: XLSX_WRITER_DIR,
        sources: [
          buildXlsxWriter(
            fileURLToPath(new URL('../../', import.meta.url)),
            fileURLToPath(new URL('../../node_modules/.cache/stem-xlsx-writer/', import.meta.url)),
          ).file,
        ],
      },
      { dir: OPENAPI_DIR, sources: [writeOpenApiFile(fileURLToPath(new URL('../../node_modules/.cache/stem-openapi/', import.meta.url)))] },
    ],
    // API Gateway's own limit for an HTTP API integration.
    timeout: Duration.seconds(29),
    environment: { ...auth.environment(), DELIVERY_QUEUE_URLS: queues.deliveryUrls(), ...media.environment() },
  });
  queues.grantSend(
    staffApi.role,
    CHANNELS.map((c) => queues.delivery[c].queue),
  );
  // Recorded prompts (prompts/) and "you said, we did" recordings (voice/ keys `feedback-…`): upload, play, replace.
  media.grantAudio(staffApi.role, { get: ['voice', 'prompts'], put: ['voice', 'prompts'], delete: ['voice', 'prompts'] });
  media.grantExports(staffApi.role);
  api.addRoutes(
    'StaffApi',
    staffApi.fn,
    ['/api', '/api/{proxy+}'].map((path) => ({ path, methods: [apigwv2.HttpMethod.ANY] })),
    'staff',
    'The staff API verifies a Cognito ID token (bearer) in the function, with the same authorization code as local mode.',
  );

  // Authoring (surveys, templates, the network's library, translation): the same API, its own function (the
  // XLIFF and PO libraries would take the staff API over its bundle budget). More specific routes win over
  // /api/{proxy+} (http/api/authoring-api-app.ts mounts what these paths hold).
  const authoringApi = new StemFunction(stack, 'AuthoringApi', {
    ...common,
    entry: 'authoring-api.ts',
    description: 'Stem: authoring API (surveys, templates, library, translation)',
    // Reads of surveys, projects, organisations and the library (GetItem, Query); saving a survey version is
    // a TransactWriteItems of Puts, which IAM governs as PutItem ("Using IAM with DynamoDB transactions",
    // DynamoDB developer guide); publishing is a PutItem, withdrawing a DeleteItem. No UpdateItem, no batches.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    memorySize: 1024,
    // The built-in survey templates, read from files beside the bundle (flows/templates/files.ts).
    files: [TEMPLATE_BESIDE],
    // API Gateway's own limit for an HTTP API integration.
    timeout: Duration.seconds(29),
    environment: { ...auth.environment() },
  });
  api.addRoutes(
    'AuthoringApi',
    authoringApi.fn,
    AUTHORING_PATHS.map((path) => ({ path, methods: [apigwv2.HttpMethod.ANY] })),
    'staff',
    'The authoring API verifies a Cognito ID token (bearer) in the function, with the same authorization code as the staff API and local mode.',
  );

  // The human transcription queue: the same API, its own function (disguising voices and redacting
  // transcripts would take the staff API over its bundle budget). More specific routes win over /api/{proxy+}.
  const voiceApi = new StemFunction(stack, 'VoiceApi', {
    ...common,
    entry: 'voice-api.ts',
    description: 'Stem: human transcription queue (disguised voices)',
    // The queue (Query), claims, own-listening settings and transcripts (voice-job transactions: Update, and
    // Delete of the queue listing). No PutItem: a person only takes jobs off the queue, and interpreter
    // accounts live in the user pool (the API answers 501 for them here).
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    // Decoding, shifting and re-encoding a 5-minute voice note is CPU-bound.
    memorySize: 1024,
    timeout: Duration.seconds(29),
    environment: { ...auth.environment(), ...media.environment() },
  });
  // A voice note to listen to (disguised), deleted once transcribed.
  media.grantAudio(voiceApi.role, { get: ['voice'], delete: ['voice'] });
  api.addRoutes(
    'VoiceApi',
    voiceApi.fn,
    ['/api/voice', '/api/voice/{proxy+}', '/api/interpreters', '/api/interpreters/{proxy+}'].map((path) => ({ path, methods: [apigwv2.HttpMethod.ANY] })),
    'staff',
    'The voice queue verifies a Cognito ID token (bearer) in the function, with the same authorization code as the staff API and local mode.',
  );

  // The dashboard: pages made from the staff API over HTTPS with the signed-in person's token; no table, no secrets.
  const dashboard = new StemFunction(stack, 'Dashboard', {
    ...common,
    data: false,
    entry: 'dashboard.ts',
    description: 'Stem: staff dashboard (over the staff API)',
    // Its one script (the progress bars that refresh themselves), built here, and its texts (locales/dashboard.ts:
    // ~160 KB that would take the bundle over its budget), both read from beside the bundle.
    files: [
      {
        dir: DASHBOARD_SCRIPT_DIR,
        sources: [writeDashboardScript(fileURLToPath(new URL('../../node_modules/.cache/stem-dashboard-script/', import.meta.url)))],
      },
      ...dashboardTextFiles(),
    ],
    // API Gateway's own limit for an HTTP API integration.
    timeout: Duration.seconds(29),
    environment: { PUBLIC_URL: publicUrl, ...auth.environment() },
  });
  api.addRoutes(
    'Dashboard',
    dashboard.fn,
    ['/dashboard', '/dashboard/{proxy+}'].map((path) => ({ path, methods: [apigwv2.HttpMethod.ANY] })),
    'staff',
    'The dashboard reads its HttpOnly session cookie (a Cognito ID token) and passes it to the staff API, which verifies it; a gateway authorizer cannot read the cookie, and the sign-in pages must open without one.',
  );
  return { staffApi, authoringApi, voiceApi, dashboard };
}
