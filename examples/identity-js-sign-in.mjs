// Sign in with amazon-cognito-identity-js (npm install amazon-cognito-identity-js): SRP, the
// library's default, against Alcove. The only change from Cognito is `endpoint`.
//
//   ALCOVE_URL=http://127.0.0.1:9229 USER_POOL_ID=us-east-1_... CLIENT_ID=... \
//   APP_USERNAME=alice APP_PASSWORD=... node identity-js-sign-in.mjs
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';

const { ALCOVE_URL, USER_POOL_ID, CLIENT_ID, APP_USERNAME, APP_PASSWORD } = process.env;

const pool = new CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: CLIENT_ID, endpoint: ALCOVE_URL });
const user = new CognitoUser({ Username: APP_USERNAME, Pool: pool });

const session = await new Promise((resolve, reject) => user.authenticateUser(
  new AuthenticationDetails({ Username: APP_USERNAME, Password: APP_PASSWORD }),
  { onSuccess: resolve, onFailure: reject, newPasswordRequired: () => reject(new Error('a new password is required')) },
));
const attributes = await new Promise((resolve, reject) =>
  user.getUserAttributes((err, list) => (err ? reject(err) : resolve(Object.fromEntries(list.map((a) => [a.getName(), a.getValue()]))))));

console.log(JSON.stringify({
  username: session.getIdToken().decodePayload()['cognito:username'],
  email: attributes.email,
  valid: session.isValid(),
}));
