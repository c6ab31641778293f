// Sign in with Amplify v6 (npm install aws-amplify): SRP by default, against Alcove. The only
// change from Cognito is `userPoolEndpoint`.
//
//   ALCOVE_URL=http://127.0.0.1:9229 USER_POOL_ID=us-east-1_... CLIENT_ID=... \
//   APP_USERNAME=alice APP_PASSWORD=... node amplify-sign-in.mjs
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, fetchUserAttributes, signIn, signOut } from 'aws-amplify/auth';

const { ALCOVE_URL, USER_POOL_ID, CLIENT_ID, APP_USERNAME, APP_PASSWORD } = process.env;

Amplify.configure({
  Auth: { Cognito: { userPoolId: USER_POOL_ID, userPoolClientId: CLIENT_ID, userPoolEndpoint: ALCOVE_URL } },
});

const { isSignedIn } = await signIn({ username: APP_USERNAME, password: APP_PASSWORD });
const { tokens } = await fetchAuthSession();
const attributes = await fetchUserAttributes();
// A new access token through the refresh token (GetTokensFromRefreshToken).
const refreshed = await fetchAuthSession({ forceRefresh: true });
await signOut();

console.log(JSON.stringify({
  isSignedIn,
  username: tokens.idToken.payload['cognito:username'],
  email: attributes.email,
  refreshed: refreshed.tokens.accessToken.toString() !== tokens.accessToken.toString(),
}));
