import { Fn, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';

export interface EdgeProps {
  /** The HTTP API's own endpoint (`https://<id>.execute-api.<region>.amazonaws.com`). */
  readonly apiEndpoint: string;
  /** The web ACL of the us-east-1 edge stack. */
  readonly webAclArn: string;
  readonly domain?: { readonly name: string; readonly certificateArn: string };
}

/**
 * CloudFront in front of the HTTP API (which cannot take WAF itself): nothing cached, every method, query
 * string, cookie and header forwarded but Host (API Gateway answers only to its own name), so Twilio's
 * signature header and body reach the function untouched. The function checks signatures against the public
 * URL of the configuration, never against a Host header. Europe and North America edges only
 * (PriceClass_100); no access logs, which would hold addresses.
 */
export class StemEdge extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** `https://<domain>` — what Twilio calls and signs over. */
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    const apiHost = Fn.select(2, Fn.split('/', props.apiEndpoint));
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Stem: webhooks, staff API and dashboard',
      defaultBehavior: {
        origin: new origins.HttpOrigin(apiHost, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
      },
      webAclId: props.webAclArn,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.publicUrl = props.domain ? `https://${props.domain.name}` : `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geo restriction: participants answer from wherever they are (family abroad, travel), and Twilio calls from its own regions.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason: 'No CloudFront access logs: they record client addresses and paths; the API writes its own logs without either (constructs/api.ts).',
      },
      ...(props.domain
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'Without a custom domain the distribution serves the default *.cloudfront.net certificate, whose TLS policy CloudFront fixes; set `domain` in the stage config for TLS 1.2 (2021) only.',
            },
          ]),
    );
  }
}
