// Discover a pool's OpenID configuration with openid-client (npm install openid-client), then
// verify an ID token against the keys and issuer it names, with jose (npm install jose).
//
//   ALCOVE_URL=http://127.0.0.1:9229 USER_POOL_ID=us-east-1_... CLIENT_ID=... ID_TOKEN=eyJ... \
//   node openid-client-discovery.mjs
//
// The issuer, <ALCOVE_URL>/<USER_POOL_ID>, is also where discovery starts:
// <issuer>/.well-known/openid-configuration. (Alcove's default issuer style; with
// --issuer-style cognito the issuer is Cognito's URL and discovery must start there instead.)
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const { ALCOVE_URL, USER_POOL_ID, CLIENT_ID, ID_TOKEN } = process.env;
const issuerUrl = new URL(`${ALCOVE_URL}/${USER_POOL_ID}`);

const config = await oidc.discovery(issuerUrl, CLIENT_ID, undefined, undefined, {
  // openid-client refuses plain http unless told; behind TLS drop this line.
  ...(issuerUrl.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
});
const server = config.serverMetadata();

const jwks = createRemoteJWKSet(new URL(server.jwks_uri));
const { payload } = await jwtVerify(ID_TOKEN, jwks, {
  issuer: server.issuer, audience: CLIENT_ID, algorithms: server.id_token_signing_alg_values_supported,
});
console.log(JSON.stringify({ issuer: server.issuer, jwks_uri: server.jwks_uri, username: payload['cognito:username'] }));
