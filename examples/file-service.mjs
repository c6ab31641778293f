// A file service that lets each signed-in user read and write only their own prefix, with
// credentials from Alcove's STS and Alcove's verifier deciding every request.
//
//   ALCOVE_URL=http://127.0.0.1:9229 USER_POOL_ID=us-east-1_... CLIENT_ID=... \
//   APP_USERNAME=alice APP_PASSWORD=... AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... \
//   node file-service.mjs
//
// 1. (admin, once) a role that trusts the pool's ID tokens, allowed s3:GetObject/PutObject on
//    arn:aws:s3:::files/${<issuer>:sub}/* : the policy variable is the caller's own subject.
//    (With an identity pool in front, the variable is ${cognito-identity.amazonaws.com:sub}.)
// 2. the service: every request goes to POST <ALCOVE_URL>/alcove/verify with the action and
//    resource it asks for (the `alcove/verifier` package export wraps this call).
// 3. a client: signs in, trades its ID token for credentials (AssumeRoleWithWebIdentity), and
//    signs its requests with them (SigV4, as any S3 client does).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

const { ALCOVE_URL, USER_POOL_ID, CLIENT_ID, APP_USERNAME, APP_PASSWORD } = process.env;
const region = 'us-east-1';
const provider = `${ALCOVE_URL.replace(/^https?:\/\//, '')}/${USER_POOL_ID}`; // the issuer without its scheme

// 1. The role (an administrator's job: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are Alcove's keys).
const iam = new IAMClient({ endpoint: ALCOVE_URL, region });
const roleName = `FileServiceUsers-${randomBytes(3).toString('hex')}`;
const { Role } = await iam.send(new CreateRoleCommand({
  RoleName: roleName,
  AssumeRolePolicyDocument: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${provider}:aud`]: CLIENT_ID } },
    }],
  }),
}));
await iam.send(new PutRolePolicyCommand({
  RoleName: roleName, PolicyName: 'own-prefix',
  PolicyDocument: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::files/\${${provider}:sub}/*` }],
  }),
}));

// 2. The file service.
const files = new Map();
const service = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const key = decodeURIComponent(new URL(req.url, 'http://x').pathname.replace(/^\/files\//, ''));
  const verdict = await (await fetch(`${ALCOVE_URL}/alcove/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      request: { method: req.method, url: req.url, headers: req.headers, bodyBase64: body.toString('base64') },
      action: req.method === 'PUT' ? 's3:PutObject' : 's3:GetObject',
      resource: `arn:aws:s3:::files/${key}`,
    }),
  })).json();
  if (!verdict.authenticated) { res.statusCode = 401; return res.end(verdict.error.code); }
  if (!verdict.allowed) { res.statusCode = 403; return res.end('AccessDenied'); }
  if (req.method === 'PUT') { files.set(key, body); return res.end(); }
  if (!files.has(key)) { res.statusCode = 404; return res.end(); }
  res.end(files.get(key));
});
await new Promise((resolve) => service.listen(0, '127.0.0.1', resolve));
const serviceHost = `127.0.0.1:${service.address().port}`;

// 3. The client: sign in, get credentials, sign requests.
const idp = new CognitoIdentityProviderClient({ endpoint: ALCOVE_URL, region });
const { AuthenticationResult } = await idp.send(new InitiateAuthCommand({
  ClientId: CLIENT_ID, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: APP_USERNAME, PASSWORD: APP_PASSWORD },
}));
const sub = JSON.parse(Buffer.from(AuthenticationResult.IdToken.split('.')[1], 'base64url')).sub;
const sts = new STSClient({ endpoint: ALCOVE_URL, region });
const { Credentials } = await sts.send(new AssumeRoleWithWebIdentityCommand({
  RoleArn: Role.Arn, RoleSessionName: APP_USERNAME, WebIdentityToken: AuthenticationResult.IdToken,
}));
const signer = new SignatureV4({
  service: 's3', region, sha256: Sha256,
  credentials: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken },
});
async function call(method, key, body) {
  const path = `/files/${key}`;
  const signed = await signer.sign({
    method, protocol: 'http:', hostname: '127.0.0.1', port: service.address().port, path, query: {},
    headers: { host: serviceHost, ...(body ? { 'content-type': 'text/plain' } : {}) }, ...(body ? { body } : {}),
  });
  const res = await fetch(`http://${serviceHost}${path}`, { method, headers: signed.headers, ...(body ? { body } : {}) });
  return { status: res.status, text: await res.text() };
}

const put = await call('PUT', `${sub}/hello.txt`, 'hello, own prefix');
const get = await call('GET', `${sub}/hello.txt`);
const other = await call('PUT', 'someone-else/hello.txt', 'not mine');
service.close();
console.log(JSON.stringify({ put: put.status, get: get.text, other: other.status }));
