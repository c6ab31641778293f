/**
 * A small client of Alcove's verification endpoint (`POST /alcove/verify`) for resource servers:
 * hand it a request your service received, signed (SigV4, header or presigned URL) with
 * credentials Alcove's STS issued, and the action and resource it asks for; it answers who the
 * caller is and whether the role's policies allow it. No dependencies; `fetch` from Node 18+.
 *
 *   import { AlcoveVerifier } from 'alcove/verifier';
 *   const verifier = new AlcoveVerifier({ endpoint: 'http://localhost:9229' });
 *   const result = await verifier.verifyNodeRequest(req, body, { action: 's3:GetObject', resource: 'arn:aws:s3:::files/a.txt' });
 *   if (!result.allowed) { res.statusCode = 403; ... }
 */
import type { IncomingMessage } from 'node:http';
import type { VerifiedCaller, VerifyResult } from '../sts/verify.ts';

export type { VerifiedCaller, VerifyResult };

export interface VerifierOptions {
  /** Alcove's base URL (`http://localhost:9229`). */
  endpoint: string;
  fetch?: typeof fetch;
}

export interface SignedRequest {
  method: string;
  /** Path and query as received (still percent-encoded). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body, when the signature covers it and no `x-amz-content-sha256` header carries its hash. */
  body?: Uint8Array | string;
}

export interface Ask {
  action?: string;
  resource?: string;
  /** Extra condition keys (`s3:prefix`, `aws:SourceIp`, `aws:SecureTransport`). */
  context?: Record<string, string | string[]>;
}

export class AlcoveVerifier {
  readonly #url: string;
  readonly #fetch: typeof fetch;

  constructor(options: VerifierOptions) {
    this.#url = `${options.endpoint.replace(/\/+$/, '')}/alcove/verify`;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Verifies a signed request; `allowed` is set when `ask.action` is. */
  async verify(request: SignedRequest, ask: Ask = {}): Promise<VerifyResult> {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name.toLowerCase()] = value;
    const body = request.body === undefined ? undefined
      : Buffer.from(typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body).toString('base64');
    const response = await this.#fetch(this.#url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ request: { method: request.method, url: request.url, headers, ...(body !== undefined ? { bodyBase64: body } : {}) }, ...ask }),
    });
    const answer = await response.json() as VerifyResult | { error: string; message: string };
    if (!response.ok) throw new Error(`alcove verify: ${response.status} ${(answer as { message?: string }).message ?? ''}`);
    return answer as VerifyResult;
  }

  /** The same for a `node:http` request (its body, when read, passed beside it). */
  verifyNodeRequest(req: IncomingMessage, body?: Uint8Array | string, ask: Ask = {}): Promise<VerifyResult> {
    return this.verify({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, ...(body !== undefined ? { body } : {}) }, ask);
  }
}
