/**
 * List prices the cost bench multiplies its measured usage by: each with its unit, where it was read and
 * when. `read` means the number was on the page named (stored copies of public pages, read 2026-12);
 * `estimate` means it was not found there and says why the value was chosen — check those against the
 * named list page before relying on the result. All in USD (AWS, Twilio and Meta list in USD).
 */
export interface Price {
  value: number;
  unit: string;
  source: string;
  read: string;
  status: 'read' | 'estimate';
  note?: string;
}

const READ = '2026-12-03';
const AWS_EU =
  'eu-west-1 (Ireland) not in the stored pages; the us-east-1 list price read there, which AWS also charges in eu-west-1 for this item to our knowledge';

export const PRICES = {
  // ── AWS, per request / duration ───────────────────────────────────────────────────────────────
  lambdaArmGbSecond: {
    value: 0.0000133334,
    unit: 'USD per GB-second (Arm, first tier)',
    source: 'https://cloudchipr.com/blog/aws-lambda-pricing',
    read: READ,
    status: 'estimate',
    note: AWS_EU,
  },
  lambdaRequest: {
    value: 0.2 / 1e6,
    unit: 'USD per request',
    source: 'https://aws.amazon.com/lambda/pricing/',
    read: READ,
    status: 'estimate',
    note: '$0.20 per million requests, the same in every commercial region as far as we know; the figure was not in the stored page excerpt',
  },
  dynamoWriteRequestUnit: {
    value: 0.625 / 1e6,
    unit: 'USD per WRU (on-demand, after the Nov 2024 50 % cut)',
    source: 'https://airbyte.com/data-engineering-resources/dynamodb-pricing',
    read: READ,
    status: 'estimate',
    note: 'us-east-1 list price read there; Ireland was ~13 % above us-east-1 before the cut (~$0.71 per million)',
  },
  dynamoReadRequestUnit: {
    value: 0.125 / 1e6,
    unit: 'USD per RRU (on-demand, after the Nov 2024 cut)',
    source: 'https://airbyte.com/data-engineering-resources/dynamodb-pricing',
    read: READ,
    status: 'estimate',
    note: 'us-east-1 list price read there; Ireland ~13 % higher (~$0.14 per million)',
  },
  sqsRequest: {
    value: 0.4 / 1e6,
    unit: 'USD per request (standard queue, 64 KB chunk)',
    source: 'https://aws.amazon.com/sqs/pricing/',
    read: READ,
    status: 'estimate',
    note: '$0.40 per million from memory of the list page (not in stored pages); SSE-KMS adds KMS calls, counted apart',
  },
  s3Put: {
    value: 0.005 / 1000,
    unit: 'USD per PUT/COPY/POST/LIST request (S3 Standard)',
    source: 'https://aws.amazon.com/s3/pricing/',
    read: READ,
    status: 'estimate',
    note: 'not in stored pages; $0.005 per 1,000 is the us-east-1 and eu-west-1 list price to our knowledge',
  },
  s3Get: {
    value: 0.0004 / 1000,
    unit: 'USD per GET request (S3 Standard)',
    source: 'https://aws.amazon.com/s3/pricing/',
    read: READ,
    status: 'estimate',
    note: 'not in stored pages; $0.0004 per 1,000 (DELETE is free)',
  },
  kmsRequest: {
    value: 0.03 / 10_000,
    unit: 'USD per KMS request (symmetric)',
    source: 'https://aws.amazon.com/kms/pricing/',
    read: READ,
    status: 'estimate',
    note: 'not in stored pages; $0.03 per 10,000',
  },
  secretsManagerCall: {
    value: 0.05 / 10_000,
    unit: 'USD per Secrets Manager API call',
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
    read: READ,
    status: 'estimate',
    note: 'not in stored pages; $0.05 per 10,000',
  },
  httpApiRequest: {
    value: 1.0 / 1e6,
    unit: 'USD per HTTP API request (512 KB increments, first 300 M)',
    source: 'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html',
    read: READ,
    status: 'estimate',
    note: 'us-east-1 $1.00 per million read there; Ireland is listed higher (~$1.11 per million, not in stored pages)',
  },
  logsIngestGb: {
    value: 0.5,
    unit: 'USD per GB ingested (CloudWatch Logs, Standard class)',
    source: 'https://c3x.dev/blog/cloudwatch-logs-cost-optimization',
    read: READ,
    status: 'estimate',
    note: 'us-east-1 $0.50/GB read there; Ireland is listed higher (~$0.57/GB, not in stored pages)',
  },
  transcribeMinute: {
    value: 0.024,
    unit: 'USD per minute of audio (batch, tier 1; billed per second, 15 s minimum per job)',
    source: 'https://aws.amazon.com/transcribe/pricing/',
    read: READ,
    status: 'estimate',
    note: 'not in stored pages; $0.024/min tier 1 from memory of the list page; the 15 s minimum is documented there',
  },

  // ── Twilio and Meta (Belgium) ────────────────────────────────────────────────────────────────────
  twilioSmsOutboundBe: {
    value: 0.0914,
    unit: 'USD per outbound SMS segment to a Belgian mobile',
    source: 'https://www.twilio.com/en-us/sms/pricing/be',
    read: READ,
    status: 'estimate',
    note: 'the Belgian rate card was not in the stored pages; Twilio lists Belgian mobile operators around $0.08–0.10 per segment — the dominant uncertainty of the SMS figure',
  },
  twilioSmsInboundBe: {
    value: 0.0075,
    unit: 'USD per inbound SMS segment (Belgian long code)',
    source: 'https://www.twilio.com/en-us/sms/pricing/be',
    read: READ,
    status: 'estimate',
    note: 'not in stored pages; Twilio charges inbound SMS per segment in most European countries at about this rate',
  },
  twilioWhatsappMessage: {
    value: 0.005,
    unit: 'USD per WhatsApp message, inbound or outbound (Twilio fee)',
    source: 'https://www.twilio.com/whatsapp/pricing',
    read: READ,
    status: 'read',
  },
  metaMarketingBe: {
    value: 0.0592,
    unit: 'USD per delivered marketing template (Belgium, per-message pricing since 2025-07-01)',
    source: 'https://docs.sent.dm/docs/guides/whatsapp-pricing',
    read: READ,
    status: 'estimate',
    note: "Belgium's row not in the stored excerpt; Meta prices Belgium in its 'Rest of Western Europe' group, whose members (e.g. Austria) list $0.0592 marketing there. Twilio files survey invitations under marketing",
  },
  metaUtilityBe: {
    value: 0.0171,
    unit: 'USD per delivered utility template outside the customer service window (Belgium)',
    source: 'https://docs.sent.dm/docs/guides/whatsapp-pricing',
    read: READ,
    status: 'estimate',
    note: "as marketing: the 'Rest of Western Europe' row (Austria $0.0171); free inside the 24 h window",
  },
  metaAuthenticationBe: {
    value: 0.0171,
    unit: 'USD per authentication template (Belgium)',
    source: 'https://docs.sent.dm/docs/guides/whatsapp-pricing',
    read: READ,
    status: 'estimate',
    note: 'not used by Stem; listed for completeness (same group as above)',
  },
  metaServiceMessage: {
    value: 0,
    unit: 'USD per non-template message inside the customer service window',
    source: 'https://www.twilio.com/whatsapp/pricing',
    read: READ,
    status: 'read',
    note: 'free-form messages during a customer service window are not charged by Meta',
  },
  twilioVoiceOutboundBeMobile: {
    value: 0.15,
    unit: 'USD per minute, outbound call to a Belgian mobile (per started minute)',
    source: 'https://www.twilio.com/en-us/voice/pricing/be',
    read: READ,
    status: 'estimate',
    note: 'the Belgian voice rate card was not in the stored pages; mobile termination in Belgium is listed around $0.12–0.18/min',
  },
  twilioVoiceInboundBeLocal: {
    value: 0.01,
    unit: 'USD per minute, inbound call to a Belgian local number',
    source: 'https://www.twilio.com/en-us/voice/pricing/be',
    read: READ,
    status: 'estimate',
    note: 'not in stored pages; Twilio lists inbound local minutes in Western Europe around $0.01',
  },
  twilioTtsNeuralPer100Chars: {
    value: 0.0032,
    unit: 'USD per 100 characters of <Say> with a Polly neural voice',
    source: 'https://www.twilio.com/docs/voice/twiml/say/text-speech',
    read: READ,
    status: 'estimate',
    note: 'the page documents Polly voices in <Say> but no price was in the stored copy; value from memory of Twilio’s voice pricing page',
  },
  twilioRecordingMinute: {
    value: 0.0025,
    unit: 'USD per recorded minute',
    source: 'https://www.twilio.com/en-us/voice/pricing',
    read: READ,
    status: 'estimate',
    note: 'not in stored pages; recordings are deleted after copying, so no storage is charged',
  },
  twilioMachineDetection: {
    value: 0.0075,
    unit: 'USD per outbound call with MachineDetection',
    source: 'https://www.twilio.com/en-us/voice/pricing',
    read: READ,
    status: 'estimate',
    note: 'not in stored pages; Answering Machine Detection is charged per call',
  },
} satisfies Record<string, Price>;

/** Fixed monthly costs: listed apart, never folded into the cost of a survey. */
export const FIXED_MONTHLY: Record<string, Price & { count: string }> = {
  kmsKeys: {
    value: 4,
    count: '4 customer-managed keys (table, media, queues, secrets) × $1',
    unit: 'USD per month',
    source: 'https://aws.amazon.com/kms/pricing/',
    read: READ,
    status: 'estimate',
    note: '$1 per key-month; not in stored pages',
  },
  secrets: {
    value: 1.2,
    count: '3 secrets × $0.40',
    unit: 'USD per month',
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
    read: READ,
    status: 'estimate',
    note: '$0.40 per secret-month; not in stored pages',
  },
  alarms: {
    value: (32 - 10) * 0.1,
    count:
      '32 standard-resolution alarms in the synthesized stack (errors and throttles per function, sweep, API 5xx, queue age, dead letters), the first 10 free, × $0.10',
    unit: 'USD per month',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    read: READ,
    status: 'estimate',
    note: '$0.10 per alarm-month; not in stored pages',
  },
  sqsIdlePolls: {
    value: 4 * 0.26,
    count: '4 queues with Lambda event sources',
    unit: 'USD per month',
    source: 'https://aws.amazon.com/sqs/pricing/',
    read: READ,
    status: 'estimate',
    note: "Lambda's pollers long-poll an empty queue (~5 pollers × 3 receives/min ≈ 650,000 requests/month/queue × $0.40/M)",
  },
  sweep: {
    value: 0,
    count: 'EventBridge Scheduler every 5 min → 8,640 sweep invocations/month',
    unit: 'USD per month',
    source: 'https://aws.amazon.com/eventbridge/pricing/',
    read: READ,
    status: 'estimate',
    note: 'scheduler invocations are within the 14 M free; the sweep Lambda (~0.1 s × 0.5 GB each) ≈ $0.01',
  },
  cognito: {
    value: 0,
    count: 'staff users (Lite tier, first 10,000 MAU free)',
    unit: 'USD per month',
    source: 'https://aws.amazon.com/cognito/pricing/',
    read: READ,
    status: 'estimate',
  },
  waf: {
    value: 5 + 1 * 4,
    count: 'the web ACL in front of CloudFront + its 4 rules (3 managed rule groups, 1 rate rule)',
    unit: 'USD per month (+ $0.60 per million requests; CloudFront adds about $1.20 per million HTTPS requests in Europe)',
    source: 'https://aws.amazon.com/waf/pricing/',
    read: READ,
    status: 'estimate',
    note: 'per-request charges are a few requests per survey: under $0.01 per 1,000 surveys',
  },
  twilioNumber: {
    value: 1.5,
    count: 'one Belgian local number',
    unit: 'USD per month',
    source: 'https://www.twilio.com/en-us/voice/pricing/be',
    read: READ,
    status: 'estimate',
    note: 'Belgian numbers need a regulatory bundle; a mobile number (for SMS) costs more than a local one',
  },
};
