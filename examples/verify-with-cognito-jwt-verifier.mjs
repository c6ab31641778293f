// Verify Alcove's tokens with aws-jwt-verify's CognitoJwtVerifier (npm install aws-jwt-verify),
// code written for Amazon Cognito, unchanged but for where the keys come from.
//
// Start Alcove with Cognito's issuer style, so that tokens say
// iss = https://cognito-idp.<region>.amazonaws.com/<poolId>:
//   alcove serve --issuer-style cognito          (or ALCOVE_ISSUER_STYLE=cognito)
// then:
//   ALCOVE_URL=http://127.0.0.1:9229 USER_POOL_ID=us-east-1_... CLIENT_ID=... \
//   ID_TOKEN=eyJ... ACCESS_TOKEN=eyJ... node verify-with-cognito-jwt-verifier.mjs
//
// CognitoJwtVerifier fetches the keys from Cognito's URL; its JWKS cache is fed from Alcove's
// <ALCOVE_URL>/<USER_POOL_ID>/.well-known/jwks.json instead.
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

const { ALCOVE_URL, USER_POOL_ID, CLIENT_ID, ID_TOKEN, ACCESS_TOKEN } = process.env;

const jwksCache = new SimpleJwksCache({
  fetcher: {
    async fetch(uri) {
      // https://cognito-idp.<region>.amazonaws.com/<poolId>/.well-known/jwks.json -> Alcove's
      const res = await fetch(`${ALCOVE_URL}${new URL(uri).pathname}`);
      if (!res.ok) throw new Error(`${uri}: HTTP ${res.status}`);
      return res.arrayBuffer();
    },
  },
});

const idVerifier = CognitoJwtVerifier.create({ userPoolId: USER_POOL_ID, tokenUse: 'id', clientId: CLIENT_ID }, { jwksCache });
const accessVerifier = CognitoJwtVerifier.create({ userPoolId: USER_POOL_ID, tokenUse: 'access', clientId: CLIENT_ID }, { jwksCache });

const id = await idVerifier.verify(ID_TOKEN);
const access = await accessVerifier.verify(ACCESS_TOKEN);
console.log(JSON.stringify({ username: id['cognito:username'], email: id.email, groups: access['cognito:groups'] ?? [], iss: id.iss }));
