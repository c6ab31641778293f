// The grant's floor for bench/ab-grant.ts: a bare Fastify 5 answering POST /oauth2/token the way a
// grant is answered (the form parsed, a Cognito-shaped M2M access token signed with RS256 by
// `crypto.sign`, a ~1 KB JSON answer with its headers), and nothing else: no logger, hooks,
// client, secret or scope check. With `nosign`, the same answer with a dummy token (HTTP alone).
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import Fastify from 'fastify';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const header = Buffer.from(JSON.stringify({ kid: 'bench-kid', alg: 'RS256' })).toString('base64url');
const id = '4k3n2jh5g6f7d8s9a0q1w2e3r4';
const iss = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI';
const signs = process.argv[2] !== 'nosign';
const dummy = 'x'.repeat(800);
const app = Fastify({ logger: false });
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, new URLSearchParams(body)));
app.post('/oauth2/token', async (_request, reply) => {
  let token = dummy;
  if (signs) {
    const iat = Math.floor(Date.now() / 1000);
    const payload = { sub: id, token_use: 'access', scope: 'https://api.bench.example/read', auth_time: iat, iss, exp: iat + 3600, iat, version: 2, jti: randomUUID(), client_id: id };
    const input = `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    token = `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  }
  reply.header('content-type', 'application/json;charset=UTF-8').header('cache-control', 'no-store');
  return JSON.stringify({ access_token: token, expires_in: 3600, token_type: 'Bearer' });
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.send?.(app.server.address().port);
