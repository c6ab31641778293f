/**
 * The client side of SigV4 for the load generator's admin calls (the header form the AWS SDKs
 * send: content-type, host, x-amz-date and x-amz-target signed, the body hashed). Written out here
 * rather than taken from the SDK's signer so that the load generator stays light; the server's
 * verifier is proven against the real SDKs by the tests. The signing key is derived once a day.
 */
import { createHash, createHmac } from 'node:crypto';

export interface AccessKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

export class SigV4Signer {
  #day = '';
  #key: Buffer = Buffer.alloc(0);

  constructor(readonly credentials: AccessKeyPair, readonly region = 'us-east-1', readonly service = 'cognito-idp') {}

  /** The headers to add to a POST of `body` to `/` on `host` with these `content-type` and `x-amz-target`. */
  sign(host: string, contentType: string, target: string, body: Buffer): Record<string, string> {
    const amzDate = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
    const day = amzDate.slice(0, 8);
    if (day !== this.#day) {
      let key = createHmac('sha256', `AWS4${this.credentials.secretAccessKey}`).update(day).digest();
      for (const part of [this.region, this.service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
      this.#day = day;
      this.#key = key;
    }
    const signed = 'content-type;host;x-amz-date;x-amz-target';
    const canonical = ['POST', '/', '', `content-type:${contentType}`, `host:${host}`, `x-amz-date:${amzDate}`, `x-amz-target:${target}`, '',
      signed, createHash('sha256').update(body).digest('hex')].join('\n');
    const scope = `${day}/${this.region}/${this.service}/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
    const signature = createHmac('sha256', this.#key).update(toSign).digest('hex');
    return {
      'x-amz-date': amzDate,
      authorization: `AWS4-HMAC-SHA256 Credential=${this.credentials.accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`,
    };
  }
}
