// Verify Alcove's ID and access tokens with jose (npm install jose).
//
//   ALCOVE_URL=http://127.0.0.1:9229 USER_POOL_ID=us-east-1_... CLIENT_ID=... \
//   ID_TOKEN=eyJ... ACCESS_TOKEN=eyJ... node verify-with-jose.mjs
//
// The issuer is <ALCOVE_URL>/<USER_POOL_ID> (Alcove's default issuer style; ALCOVE_URL is the
// server's public URL), and the keys are at <issuer>/.well-known/jwks.json.
import { createRemoteJWKSet, jwtVerify } from 'jose';

const { ALCOVE_URL, USER_POOL_ID, CLIENT_ID, ID_TOKEN, ACCESS_TOKEN } = process.env;
const issuer = `${ALCOVE_URL}/${USER_POOL_ID}`;
// Fetched once, cached, and fetched again when a token names a key it has not seen (rotation).
const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));

/** An ID token: signed by the pool, for this app client (`aud`), `token_use` "id". */
async function verifyIdToken(token) {
  const { payload } = await jwtVerify(token, jwks, { issuer, audience: CLIENT_ID, algorithms: ['RS256'] });
  if (payload.token_use !== 'id') throw new Error('not an ID token');
  return payload;
}

/** An access token has no `aud`: its app client is the `client_id` claim. */
async function verifyAccessToken(token) {
  const { payload } = await jwtVerify(token, jwks, { issuer, algorithms: ['RS256'] });
  if (payload.token_use !== 'access') throw new Error('not an access token');
  if (payload.client_id !== CLIENT_ID) throw new Error('access token of another app client');
  return payload;
}

const id = await verifyIdToken(ID_TOKEN);
const access = await verifyAccessToken(ACCESS_TOKEN);
console.log(JSON.stringify({
  username: id['cognito:username'],
  email: id.email,
  groups: access['cognito:groups'] ?? [],
  scope: access.scope,
}));
