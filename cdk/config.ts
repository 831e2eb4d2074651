import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from '../kernel/zod.js';

/**
 * One deployment ("stage") of Stem: everything it needs lives in `config/<stage>.json`, kept in the
 * repository and validated here, so a redeploy never falls back to a default (a missing Twilio account, a
 * webhook URL switched back, the staff groups dropped). No secrets: their values live in Secrets Manager
 * (`constructs/secrets.ts`).
 */

/**
 * EU regions where every service Stem uses runs — Lambda, DynamoDB, SQS, SNS, KMS, Secrets Manager, S3,
 * Cognito, EventBridge Scheduler and Transcribe batch jobs — so welfare data stays in the EU.
 * https://docs.aws.amazon.com/general/latest/gr/transcribe.html
 */
export const EU_REGIONS = ['eu-west-1', 'eu-central-1'] as const;

/** Twilio's regions and edge locations (https://www.twilio.com/docs/global-infrastructure/edge-locations). */
export const TWILIO_REGIONS = ['us1', 'ie1', 'au1'] as const;
export const TWILIO_EDGES = ['ashburn', 'dublin', 'frankfurt', 'sao-paulo', 'singapore', 'sydney', 'tokyo', 'umatilla'] as const;

const e164 = z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +3225550100'));
const workers = z._default(z.int().check(z.minimum(2), z.maximum(1000)), 2);
const perSecond = (fallback: number) => z._default(z.int().check(z.minimum(1), z.maximum(5000)), fallback);

export const stageConfigSchema = z.strictObject({
  /** The 12-digit AWS account the stage deploys to; synth refuses another (CDK checks the credentials' account). */
  account: z.string().check(z.regex(/^\d{12}$/, 'the 12-digit AWS account id')),
  region: z.enum(EU_REGIONS, `an EU region: ${EU_REGIONS.join(' or ')}`),
  /**
   * The hosted sign-in page's prefix (`<prefix>.auth.<region>.amazoncognito.com`): unique in the region,
   * and Cognito refuses prefixes with "aws", "amazon" or "cognito".
   * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain-prefix.html
   */
  authDomainPrefix: z.string().check(
    z.regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and "-", 1–63 characters'),
    z.refine((prefix) => !/aws|amazon|cognito/.test(prefix), 'must not contain "aws", "amazon" or "cognito"'),
  ),
  /**
   * A custom domain in front of CloudFront. Its certificate must be in ACM in us-east-1 (CloudFront's
   * rule). Without one, the public URL is the distribution's own `*.cloudfront.net` name.
   */
  domain: z.optional(
    z.strictObject({
      name: z.string().check(z.regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a host name such as stem.ocmw-gent.be')),
      certificateArn: z
        .string()
        .check(
          z.regex(
            /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
            'an ACM certificate ARN in us-east-1 (CloudFront only takes certificates from there)',
          ),
        ),
    }),
  ),
  /** Organisations whose staff and interpreter groups exist (`staff-<id>`, `interpreter-<id>`). */
  organisations: z
    .array(z.string().check(z.regex(/^[a-z0-9-]{2,40}$/, 'an organisation id (a–z, 0–9, "-")')))
    .check(z.minLength(1, 'at least one organisation')),
  twilio: z
    .strictObject({
      accountSid: z.string().check(z.regex(/^AC[0-9a-f]{32}$/, 'an Account SID (AC followed by 32 hexadecimal digits)')),
      /**
       * Where Twilio processes and keeps the data, with the edge the REST calls go through (both or neither;
       * neither is US1 through api.twilio.com). `ie1` + `dublin` keeps SMS and voice data in Ireland.
       */
      region: z.optional(z.enum(TWILIO_REGIONS)),
      edge: z.optional(z.enum(TWILIO_EDGES)),
      smsFrom: e164,
      whatsappFrom: z.optional(z.string().check(z.regex(/^whatsapp:\+[1-9]\d{6,14}$/, 'whatsapp: followed by an E.164 number'))),
      voiceFrom: z.optional(e164),
    })
    .check(
      z.refine((t) => (t.region === undefined) === (t.edge === undefined), {
        message: 'region and edge go together (e.g. "ie1" and "dublin"), or neither is set',
        path: ['edge'],
      }),
      // Twilio's IE1 region offers SMS (public beta) and Voice, not WhatsApp:
      // https://www.twilio.com/docs/global-infrastructure/messaging-api-with-twilio-regions
      z.refine((t) => t.region === undefined || t.region === 'us1' || t.whatsappFrom === undefined, {
        message: 'WhatsApp is not offered in Twilio regions other than us1: leave region and edge out for a stage that uses WhatsApp',
        path: ['whatsappFrom'],
      }),
    ),
  /**
   * Delivery workers per channel (the SQS event source's maximum concurrency, 2–1000). Each sends its batch
   * of ten one after another, a few messages a second: raise it with the sender's throughput at Twilio.
   */
  sending: z._default(z.strictObject({ sms: workers, whatsapp: workers, voice: workers }), { sms: 2, whatsapp: 2, voice: 2 }),
  /** Who hears the alarms (an SNS e-mail subscription; the address confirms it once). */
  alarmEmail: z.email('an e-mail address'),
  /** Bump after changing a secret's value: new containers read the secrets again at their cold start. */
  secretsRevision: z._default(z.string().check(z.regex(/^[A-Za-z0-9._-]{1,32}$/, '1–32 characters of A–Z, a–z, 0–9, ".", "_", "-"')), '1'),
  /** Requests per second per route of each group at the API (see constructs/api.ts); defaults fit one centre. */
  throttles: z._default(z.strictObject({ webhooks: perSecond(50), public: perSecond(10), staff: perSecond(20) }), { webhooks: 50, public: 10, staff: 20 }),
});

export type StageConfig = z.infer<typeof stageConfigSchema>;

/** A deployment: its name and its validated settings. */
export interface StemConfig extends StageConfig {
  readonly stage: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const STAGE_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/** The configuration of a stage from `<dir>/<stage>.json`; every problem named with its field. */
export function loadStageConfig(configDir: string, stage: string | undefined): StemConfig {
  const known = existsSync(configDir)
    ? readdirSync(configDir)
        .filter((f) => f.endsWith('.json') && !f.startsWith('example'))
        .map((f) => f.replace(/\.json$/, ''))
    : [];
  if (stage === undefined || stage === '') {
    throw new ConfigError(
      `No stage given: pass one (npm run deploy -- <stage>, or cdk synth -c stage=<stage>). Stages in config/: ${known.length ? known.join(', ') : 'none yet — copy config/example.json to config/<stage>.json'}`,
    );
  }
  if (!STAGE_NAME.test(stage)) throw new ConfigError(`Stage "${stage}": lowercase letters, digits and "-", starting with a letter, at most 20 characters`);
  const file = join(configDir, `${stage}.json`);
  if (!existsSync(file))
    throw new ConfigError(`No config/${stage}.json: copy config/example.json to it and fill it in (stages present: ${known.join(', ') || 'none'})`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ConfigError(`config/${stage}.json is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return parseStageConfig(stage, raw, `config/${stage}.json`);
}

export function parseStageConfig(stage: string, raw: unknown, source = 'the stage configuration'): StemConfig {
  if (typeof raw === 'object' && raw !== null && '$schema' in raw) {
    const { $schema: _ignored, ...rest } = raw as Record<string, unknown>;
    raw = rest;
  }
  const parsed = stageConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new ConfigError(`${source} is not complete:\n${problems.join('\n')}`);
  }
  return { stage, ...parsed.data };
}

/** The public base URL Twilio calls and signs over: the custom domain, if any. */
export function customPublicUrl(config: StemConfig): string | undefined {
  return config.domain ? `https://${config.domain.name}` : undefined;
}
