import { Lazy, Validations } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The webhook path; `http/messaging-routes.ts` serves it (MESSAGES_PATH, checked by a test). */
export const TWILIO_MESSAGES_PATH = '/twilio/messages';
export const TWILIO_VOICE_PATH = '/twilio/voice';

/**
 * One line per request with operational fields only. Deliberately absent: `$context.identity.sourceIp`
 * (a participant's carrier / Twilio edge address), the path and query string, user agent and any
 * request or response body.
 */
export const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    routeKey: AccessLogField.contextRouteKey(),
    status: AccessLogField.contextStatus(),
    responseLatency: AccessLogField.contextResponseLatency(),
    integrationLatency: AccessLogField.contextIntegrationLatency(),
  }),
);

/**
 * Who calls a route, for its throttle: Twilio's signed webhooks, unauthenticated public fetches (pictures,
 * prompt audio), and signed-in staff (API, dashboard, voice queue).
 */
export type RouteGroup = 'webhooks' | 'public' | 'staff';

export interface ApiProps {
  /** Steady-state requests per second per route of each group; bursts of twice as many. */
  readonly throttles: Readonly<Record<RouteGroup, number>>;
}

/** The public HTTP API (payload 2.0), one `$default` stage with throttling and privacy-safe access logs. */
export class Api extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;

  private readonly throttles: Readonly<Record<RouteGroup, number>>;
  private readonly routeKeys = new Map<string, RouteGroup>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'Stem: public webhooks',
      // Created below, so that it gets throttling and access logs.
      createDefaultStage: false,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });

    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      // Routes without their own settings (none, once every route is added) get the public group's share.
      throttle: { rateLimit: props.throttles.public, burstLimit: props.throttles.public * 2 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
    this.throttles = props.throttles;
    // Each route its own throttle (a flood on the picture route does not eat the webhooks' share), set
    // once all routes exist. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
    (this.stage.node.defaultChild as apigwv2.CfnStage).routeSettings = Lazy.any({
      produce: () =>
        Object.fromEntries(
          [...this.routeKeys].map(([routeKey, group]) => [
            routeKey,
            { ThrottlingRateLimit: this.throttles[group], ThrottlingBurstLimit: this.throttles[group] * 2 },
          ]),
        ),
    });
  }

  /** The base URL of the `$default` stage (no trailing slash). */
  get endpoint(): string {
    return this.httpApi.apiEndpoint;
  }

  /**
   * Routes to a function. Every route is public at the gateway: Twilio cannot present IAM, JWT or Cognito
   * credentials, and the staff API and dashboard verify Cognito tokens themselves (one code path with
   * local mode) — each function authenticates every request it serves.
   */
  addRoutes(
    name: string,
    fn: lambda.IFunction,
    routes: ReadonlyArray<{ path: string; methods: apigwv2.HttpMethod[] }>,
    group: RouteGroup,
    reason: string,
  ): apigwv2.HttpRoute[] {
    const integration = new HttpLambdaIntegration(name, fn);
    const added = routes.flatMap(({ path, methods }) => this.httpApi.addRoutes({ path, methods, integration }));
    for (const { path, methods } of routes) for (const method of methods) this.routeKeys.set(`${method} ${path}`, group);
    for (const route of added) Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason });
    return added;
  }

  /** `POST /twilio/messages` and `POST /twilio/voice` → the function that holds the conversation. */
  addTwilioMessagesRoute(fn: lambda.IFunction): apigwv2.HttpRoute[] {
    return this.addRoutes(
      'TwilioMessages',
      fn,
      [TWILIO_MESSAGES_PATH, TWILIO_VOICE_PATH].map((path) => ({ path, methods: [apigwv2.HttpMethod.POST] })),
      'webhooks',
      'Twilio cannot present IAM, JWT or Cognito credentials. Every request is authenticated in the function by the X-Twilio-Signature HMAC over the exact public URL and all parameters (403 and nothing stored when it fails); API Gateway throttling bounds unauthenticated load.',
    );
  }
}
