/**
 * A micro-benchmark of the server's SigV4 verification, in process: the microseconds one
 * verifySigV4 call takes on a request shaped like an AWS SDK v3 admin call (its usual headers,
 * a small JSON body). `node --import tsx bench/sigv4-verify.ts`. The signature is computed
 * once; every call verifies it afresh, as the server does for each request.
 */
import { verifySigV4 } from '../src/server/sigv4.ts';
import { SigV4Signer } from './harness/sigv4-signer.ts';

const key = { accessKeyId: 'AKIABENCHBENCHBENCH0', secretAccessKey: 'bench-secret-access-key-0123456789abcdef' };
const body = Buffer.from(JSON.stringify({ UserPoolId: 'us-east-1_abcdefghi', Username: 'u0123456789abcdef' }));
const host = '127.0.0.1:8080';
const target = 'AWSCognitoIdentityProviderService.AdminGetUser';
const contentType = 'application/x-amz-json-1.1';
const signed = new SigV4Signer(key).sign(host, contentType, target, body);
const headers = {
  host, 'content-type': contentType, 'x-amz-target': target, 'content-length': String(body.length),
  'user-agent': 'aws-sdk-js/3.1169.0 ua/2.1 os/linux lang/js md/nodejs#24.21.0 api/cognito-identity-provider#3.1169.0',
  'x-amz-user-agent': 'aws-sdk-js/3.1169.0', 'amz-sdk-invocation-id': '6f1c2a0e-3c1b-4a55-9d0e-1f2e3d4c5b6a',
  'amz-sdk-request': 'attempt=1; max=3', connection: 'keep-alive', ...signed,
};
const request = { method: 'POST', path: '/', headers, body };
const opts = { now: new Date(), expectedService: 'cognito-idp', expectedRegion: 'us-east-1', requiredSignedHeaders: ['x-amz-date', 'x-amz-target', 'content-type'] };
const lookup = (id: string) => (id === key.accessKeyId ? { secretAccessKey: key.secretAccessKey, accountId: '123456789012' } : undefined);

const ROUNDS = 5;
const CALLS = 50_000;
for (let i = 0; i < 5_000; i++) verifySigV4(request, lookup, opts);
const perCall: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) verifySigV4(request, lookup, opts);
  perCall.push(((performance.now() - t0) * 1000) / CALLS);
}
perCall.sort((a, b) => a - b);
console.log(`verifySigV4: ${perCall.map((x) => x.toFixed(2)).join(' ')} us a call over ${ROUNDS} rounds of ${CALLS.toLocaleString('en-US')} (median ${perCall[2]!.toFixed(2)})`);
