/**
 * Slow clients: connections that trickle a request are closed by the request timeout, and one
 * client address cannot hold more than its share of connections, so others are still served.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A connection that sends headers announcing a body, then a byte at a time, never finishing. */
function slowClient(port: number, localAddress = '127.0.0.1'): Promise<{ socket: Socket; closed: () => boolean; closedAt: Promise<number> }> {
  return new Promise((resolve) => {
    let closed = false;
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    const closedAt = new Promise<number>((done) => socket.on('close', () => { closed = true; done(Date.now()); }));
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      socket.write('POST / HTTP/1.1\r\nHost: alcove\r\nX-Amz-Target: AWSCognitoIdentityProviderService.SignUp\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 100000\r\n\r\n{');
      resolve({ socket, closed: () => closed, closedAt });
    });
    socket.on('close', () => resolve({ socket, closed: () => true, closedAt }));
  });
}

/** A plain request from another local address (another client). */
function get(port: number, path: string, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress, agent: false }, (res) => { res.resume(); resolve(res.statusCode!); });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('timed out')));
    req.end();
  });
}

describe('slow connections', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(async () => { await server.stop(); });

  it('holds 2,000 slow connections from one address to its cap and still serves another client', async () => {
    const clients = [];
    for (let i = 0; i < 2_000; i += 100) {
      clients.push(...await Promise.all(Array.from({ length: 100 }, () => slowClient(server.port))));
    }
    try {
      // The server closes those beyond the cap at once; their closes reach us over a loaded machine.
      let open = clients.length;
      for (let waited = 0; waited < 10_000 && open > server.settings.maxConnectionsPerAddress; waited += 100) {
        await sleep(100);
        open = clients.filter((c) => !c.closed()).length;
      }
      assert.ok(open <= server.settings.maxConnectionsPerAddress, `${open} slow connections held open`);
      assert.ok(open >= server.settings.maxConnectionsPerAddress / 2, `${open} slow connections held open`);
      // Another client is served at once, through the API as well.
      assert.equal(await get(server.port, '/health', '127.0.0.2'), 200);
      const status = await new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: server.port, path: '/', method: 'POST', localAddress: '127.0.0.3', agent: false,
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' } },
        (res) => { res.resume(); resolve(res.statusCode!); });
        req.on('error', reject);
        req.end('{}');
      });
      assert.equal(status, 400);
      // The trickling clients themselves still hold theirs (until the request timeout).
      for (const c of clients.filter((x) => !x.closed()).slice(0, 50)) c.socket.write(' ');
    } finally {
      for (const c of clients) c.socket.destroy();
    }
  });
});

describe('request timeout', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer({ requestTimeoutMs: 1_500, keepAliveTimeoutMs: 500 }); });
  after(async () => { await server.stop(); });

  it('closes a request still trickling in after the request timeout', async () => {
    const started = Date.now();
    const client = await slowClient(server.port);
    const trickle = setInterval(() => { if (!client.closed()) client.socket.write(' '); }, 200);
    try {
      const closedAt = await Promise.race([client.closedAt, sleep(6_000).then(() => undefined)]);
      assert.ok(closedAt !== undefined, 'the slow request was never closed');
      const after = closedAt - started;
      assert.ok(after >= 1_400 && after < 4_000, `closed after ${after} ms`);
    } finally {
      clearInterval(trickle);
      client.socket.destroy();
    }
    // A client sending its request in time is unaffected.
    assert.equal(await get(server.port, '/health', '127.0.0.1'), 200);
  });

  it('closes an idle kept-alive connection after the keep-alive timeout', async () => {
    const socket = connect({ port: server.port, host: '127.0.0.1' });
    const closed = new Promise<number>((done) => socket.on('close', () => done(Date.now())));
    socket.on('error', () => undefined);
    let answered = 0;
    socket.on('data', () => { answered = Date.now(); });
    socket.write('GET /health HTTP/1.1\r\nHost: alcove\r\n\r\n');
    const closedAt = await Promise.race([closed, sleep(4_000).then(() => undefined)]);
    socket.destroy();
    assert.ok(answered > 0, 'no answer');
    assert.ok(closedAt !== undefined, 'the idle connection was never closed');
    assert.ok(closedAt - answered >= 400 && closedAt - answered < 2_500, `closed ${closedAt - answered} ms after the answer`);
  });
});
