import { awsSdk } from '../adapters/aws/sdk.js';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { NodeCryptoProtector } from '../adapters/crypto/node-protector.js';
import { DynamoDbDirectory } from '../adapters/dynamodb/directory.js';
import { documentClient } from '../adapters/dynamodb/table.js';
import { renderTriadPictureOnDemand } from '../adapters/images/triad-picture-on-demand.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import * as z from '../kernel/zod.js';
import { loadSecrets, readEnv } from './commons/env.js';
import { pictureRoutes } from '../http/picture-routes.js';

const { DynamoDBClient } = awsSdk.dynamodb();

/**
 * Lambda entry point for the generated pictures Twilio fetches for WhatsApp (the triad's numbered
 * triangle). A function of its own: the renderer (fontkit, resvg's wasm, the Noto fonts beside the bundle
 * in triad-assets/) stays out of the webhook's bundle and cold start. It reads survey versions, nothing else.
 */
const env = readEnv(z.object({ TABLE_NAME: z.string().check(z.minLength(1)) }));

// The HMAC key checks each URL's signature; read once per cold start from Secrets Manager.
const secrets = await loadSecrets();
const app = new Hono();
app.route(
  '/',
  pictureRoutes({
    protector: new NodeCryptoProtector(secrets.keys),
    surveys: new DynamoDbDirectory(documentClient(new DynamoDBClient({})), env.TABLE_NAME),
    logger: new JsonLogger(undefined, { fn: 'pictures' }),
    render: renderTriadPictureOnDemand,
  }),
);
export const handler = handle(app);
