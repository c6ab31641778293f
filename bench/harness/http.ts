/**
 * A minimal AWS JSON 1.1 caller for the load generator: node:http over one keep-alive agent
 * per server, so that the client spends as little CPU as possible on a machine it shares with
 * the server. Admin calls go unsigned: the Alcove nodes run with `--dev` (said in the output).
 */
import http from 'node:http';

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

  constructor(readonly url: string, maxSockets: number) {
    const u = new URL(url);
    this.#host = u.hostname;
    this.#port = Number(u.port);
    this.#agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  call<T = Record<string, any>>(operation: string, input: object): Promise<T> {
    const body = Buffer.from(JSON.stringify(input));
    return new Promise<T>((resolve, reject) => {
      const req = http.request({
        host: this.#host, port: this.#port, path: '/', method: 'POST', agent: this.#agent,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
          'content-length': body.length,
        },
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
