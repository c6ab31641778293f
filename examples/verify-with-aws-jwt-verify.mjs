// Verify Alcove's tokens with aws-jwt-verify (npm install aws-jwt-verify), with Alcove's default
// issuer, <ALCOVE_URL>/<USER_POOL_ID>:
//
//   ALCOVE_URL=http://127.0.0.1:9229 USER_POOL_ID=us-east-1_... CLIENT_ID=... \
//   ID_TOKEN=eyJ... ACCESS_TOKEN=eyJ... node verify-with-aws-jwt-verify.mjs
//
// JwtRsaVerifier finds the keys at <issuer>/.well-known/jwks.json, where Alcove serves them. Its
// own fetcher speaks https only: behind TLS (ALCOVE_PUBLIC_URL=https://...) nothing more is
// needed; to reach a plain-http Alcove (local development), give it a fetcher built on fetch().
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

const { ALCOVE_URL, USER_POOL_ID, CLIENT_ID, ID_TOKEN, ACCESS_TOKEN } = process.env;
const issuer = `${ALCOVE_URL}/${USER_POOL_ID}`;

const jwksCache = new SimpleJwksCache({
  fetcher: {
    async fetch(uri) {
      const res = await fetch(uri);
      if (!res.ok) throw new Error(`${uri}: HTTP ${res.status}`);
      return res.arrayBuffer();
    },
  },
});

const idVerifier = JwtRsaVerifier.create({
  issuer,
  audience: CLIENT_ID,
  customJwtCheck: ({ payload }) => {
    if (payload.token_use !== 'id') throw new Error('not an ID token');
  },
}, { jwksCache });
// Access tokens carry no `aud`; their app client is `client_id`.
const accessVerifier = JwtRsaVerifier.create({
  issuer,
  audience: null,
  customJwtCheck: ({ payload }) => {
    if (payload.token_use !== 'access') throw new Error('not an access token');
    if (payload.client_id !== CLIENT_ID) throw new Error('access token of another app client');
  },
}, { jwksCache });

const id = await idVerifier.verify(ID_TOKEN);
const access = await accessVerifier.verify(ACCESS_TOKEN);
console.log(JSON.stringify({ username: id['cognito:username'], email: id.email, groups: access['cognito:groups'] ?? [] }));
