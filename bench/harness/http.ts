/**
 * A minimal AWS JSON 1.1 caller for the load generator: node:http over one keep-alive agent
 * per server, so that the client spends as little CPU as possible on a machine it shares with
 * the server. Admin calls go unsigned to nodes that run with `--dev` (said in the output), and
 * are SigV4-signed when the caller is given a signer (a node that verifies signatures).
 */
import http from 'node:http';
import type { SigV4Signer } from './sigv4-signer.ts';

/** The calls the bench makes that Cognito serves without an IAM signature. */
const PUBLIC_OPERATIONS = new Set(['InitiateAuth', 'RespondToAuthChallenge', 'GetUser', 'SignUp', 'GetTokensFromRefreshToken']);
const CONTENT_TYPE = 'application/x-amz-json-1.1';

export class ServiceError extends Error {
  constructor(readonly type: string, message: string, readonly status: number) {
    super(`${type}: ${message}`);
    this.name = 'ServiceError';
  }
}

export class CognitoHttp {
  readonly #agent: http.Agent;
  readonly #host: string;
  readonly #port: number;

  readonly #signer: SigV4Signer | undefined;

  constructor(readonly url: string, maxSockets: number, signer?: SigV4Signer) {
    this.#signer = signer;
    const u = new URL(url);
    this.#host = u.hostname;
    this.#port = Number(u.port);
    this.#agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  call<T = Record<string, any>>(operation: string, input: object): Promise<T> {
    const body = Buffer.from(JSON.stringify(input));
    const target = `AWSCognitoIdentityProviderService.${operation}`;
    const signature = this.#signer && !PUBLIC_OPERATIONS.has(operation)
      ? this.#signer.sign(`${this.#host}:${this.#port}`, CONTENT_TYPE, target, body) : {};
    return new Promise<T>((resolve, reject) => {
      const req = http.request({
        host: this.#host, port: this.#port, path: '/', method: 'POST', agent: this.#agent,
        headers: { 'content-type': CONTENT_TYPE, 'x-amz-target': target, 'content-length': body.length, ...signature },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Record<string, unknown> = {};
          try {
            parsed = text ? JSON.parse(text) as Record<string, unknown> : {};
          } catch {
            reject(new ServiceError('UnparsableResponse', text.slice(0, 200), res.statusCode ?? 0));
            return;
          }
          if (res.statusCode === 200) resolve(parsed as T);
          else {
            const type = String(parsed.__type ?? parsed.code ?? `HTTP${res.statusCode}`).replace(/^.*#/, '');
            reject(new ServiceError(type, String(parsed.message ?? parsed.Message ?? ''), res.statusCode ?? 0));
          }
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** Spreads calls over several servers in turn, as a round-robin load balancer does. */
export class RoundRobin {
  #next = 0;
  constructor(readonly members: CognitoHttp[]) {
    if (members.length === 0) throw new Error('RoundRobin needs at least one server');
  }
  pick(): CognitoHttp {
    const m = this.members[this.#next % this.members.length]!;
    this.#next++;
    return m;
  }
  close(): void {
    for (const m of this.members) m.close();
  }
}
