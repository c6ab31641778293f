/** Passkeys (WebAuthn credentials) and the user's auth factors. */
import type { Handlers, UserHandlers } from '../context.ts';
import { adminGetUserAuthFactors, getUserAuthFactors } from './auth-factors.ts';
import { deleteWebAuthnCredential, listWebAuthnCredentials } from './credentials.ts';
import { completeWebAuthnRegistration, startWebAuthnRegistration } from './registration.ts';

export const passkeyHandlers: Handlers = {
  AdminGetUserAuthFactors: adminGetUserAuthFactors,
};

export const passkeyUserHandlers: UserHandlers = {
  StartWebAuthnRegistration: startWebAuthnRegistration,
  CompleteWebAuthnRegistration: completeWebAuthnRegistration,
  ListWebAuthnCredentials: listWebAuthnCredentials,
  DeleteWebAuthnCredential: deleteWebAuthnCredential,
  GetUserAuthFactors: getUserAuthFactors,
};
