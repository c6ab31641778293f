/**
 * The load generator's HTTP for the newer paths (issues 9, 11, 12): plain `node:http` over one
 * keep-alive agent (as harness/http.ts, whose caller is fixed to the user pools' JSON target),
 * any method and path, any AWS JSON 1.1 target, and a cookie jar for the managed login pages.
 * Kept apart from the harness so that the harness can change without these phases.
 */
import http from 'node:http';

export interface WebResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export class WebClient {
  readonly #agent: http.Agent;
  readonly #host: string;
  readonly #port: number;

  constructor(readonly url: string, maxSockets: number) {
    const u = new URL(url);
    this.#host = u.hostname;
    this.#port = Number(u.port);
    this.#agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(method: string, path: string, headers: Record<string, string | number> = {}, body?: string | Buffer): Promise<WebResponse> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : body;
    return new Promise<WebResponse>((resolve, reject) => {
      const req = http.request({
        host: this.#host, port: this.#port, path, method, agent: this.#agent,
        headers: payload ? { ...headers, 'content-length': payload.length } : headers,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** An AWS JSON 1.1 call, unsigned (`AWSCognitoIdentityService.GetId`, ...): the answer, or a thrown `__type: message`. */
  async json<T = Record<string, any>>(target: string, input: object): Promise<T> {
    const res = await this.request('POST', '/', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, JSON.stringify(input));
    const parsed = res.text ? JSON.parse(res.text) as Record<string, unknown> : {};
    if (res.status !== 200) throw new Error(`${target}: ${String(parsed.__type ?? res.status).replace(/^.*#/, '')}: ${String(parsed.message ?? parsed.Message ?? '')}`);
    return parsed as T;
  }

  /** A form POST (`application/x-www-form-urlencoded`). */
  form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<WebResponse> {
    return this.request('POST', path, { 'content-type': 'application/x-www-form-urlencoded', ...headers }, new URLSearchParams(fields).toString());
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** A browser's cookie jar over a WebClient: cookies kept and sent, redirects returned, not followed. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  constructor(readonly client: WebClient) {}

  async fetch(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<WebResponse> {
    const all: Record<string, string> = { ...headers };
    if (this.cookies.size > 0) all.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.client.request(method, path, all, body);
    const set = res.headers['set-cookie'] ?? [];
    for (const line of set) {
      const pair = line.slice(0, line.indexOf(';') >= 0 ? line.indexOf(';') : line.length);
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
}

/** Runs `fn` over `items`, `concurrency` at a time (setting up users through the API). */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  }));
  return out;
}
