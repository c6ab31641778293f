/**
 * What the managed login pages do, through the same user-pool functions as the JSON API: sign-in
 * is USER_PASSWORD_AUTH's steps (auth/flows/user-password-auth.ts) and the challenges'
 * answers (auth/challenges/), ending in a managed-login session instead of tokens; sign-up,
 * confirmation and password recovery call the operations' handlers. A client with a secret gets
 * its SECRET_HASH computed here: the pages act for the client.
 */
import type { ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import type { OperationContext } from '../../kernel/context.ts';
import type { AuthCall, AuthStep } from '../auth/call.ts';
import { answerChallenge } from '../auth/challenges/index.ts';
import { userAuth } from '../auth/flows/user-auth.ts';
import { userPasswordAuth } from '../auth/flows/user-password-auth.ts';
import { errors } from '../../errors.ts';
import type { UserRow } from '../users/store.ts';
import { completeWebAuthnRegistration, startWebAuthnRegistration } from '../passkeys/registration.ts';
import { secretHash } from '../clients/secret-hash.ts';
import type { Services } from '../context.ts';
import { associateSoftwareToken } from '../mfa/associate-software-token.ts';
import { verifySoftwareToken } from '../mfa/verify-software-token.ts';
import { confirmForgotPassword } from '../users/recovery/confirm-forgot-password.ts';
import { forgotPassword } from '../users/recovery/forgot-password.ts';
import { confirmSignUp } from '../users/sign-up/confirm-sign-up.ts';
import { signUp } from '../users/sign-up/sign-up.ts';
import type { AuthorizeRequest } from './authorize.ts';
import { newSessionCookie, recordSession } from './hosted-session.ts';

/** Where a sign-in step leaves the person: signed in (the cookie to set), or facing a challenge's page. */
export type PageStep =
  | { kind: 'signed-in'; cookie: string }
  | { kind: 'challenge'; name: ChallengeNameType; session: string; username: string; parameters: Record<string, string> };

export interface PageCaller {
  services: Services;
  sourceIp: string;
  userAgent: string;
  requestId: string;
  /** How long a managed-login session lasts. */
  sessionSeconds: number;
  /** Checks an operation's input against the model, as the JSON API does (the surface passes it in). */
  check: (operation: string, input: unknown) => void;
}

function hashFor(services: Services, req: AuthorizeRequest, username: string): string | undefined {
  const secret = req.client.secret(services.vault);
  return secret === undefined ? undefined : secretHash(secret, username, req.client.id);
}

function authCall(caller: PageCaller, req: AuthorizeRequest, sessionId: string): AuthCall {
  return {
    services: caller.services, pool: req.pool, client: req.client, admin: false,
    origin: { ctx: context(caller), clientId: req.client.id },
    endInSession: (tx, user, now) => recordSession(tx, sessionId, req.pool.id, user, now, caller.sessionSeconds),
  };
}

function pageStep(step: AuthStep, cookie: string, username: string): PageStep {
  if (step.ChallengeName) {
    return { kind: 'challenge', name: step.ChallengeName, session: step.Session ?? '', username, parameters: step.ChallengeParameters ?? {} };
  }
  return { kind: 'signed-in', cookie };
}

/** The sign-in form: username (or alias) and password. Throws Cognito's errors. */
export async function signInWithPassword(caller: PageCaller, req: AuthorizeRequest, username: string, password: string): Promise<PageStep> {
  const { id, cookie } = newSessionCookie(caller.services);
  const secret = hashFor(caller.services, req, username);
  const parameters = { USERNAME: username, PASSWORD: password, ...(secret ? { SECRET_HASH: secret } : {}) };
  caller.check('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: req.client.id, AuthParameters: parameters });
  const step = await userPasswordAuth(authCall(caller, req, id), parameters);
  return pageStep(step, cookie, username);
}

/** The passwordless first factors the pages offer (USER_AUTH's PREFERRED_CHALLENGE). */
export type PageFactor = 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

/** Sign-in by another method: USER_AUTH with PREFERRED_CHALLENGE (a code sent, or passkey request options). */
export async function signInWithFactor(caller: PageCaller, req: AuthorizeRequest, username: string, factor: PageFactor): Promise<PageStep> {
  const { id, cookie } = newSessionCookie(caller.services);
  const secret = hashFor(caller.services, req, username);
  const parameters = { USERNAME: username, PREFERRED_CHALLENGE: factor, ...(secret ? { SECRET_HASH: secret } : {}) };
  caller.check('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: req.client.id, AuthParameters: parameters });
  if (!req.client.allowsAuthFlow('USER_AUTH')) throw errors.invalidParameter('USER_AUTH flow not enabled for this client');
  const step = await userAuth(authCall(caller, req, id), parameters);
  return pageStep(step, cookie, username);
}

/** A challenge's page answered: its fields as ChallengeResponses. */
export async function answerPage(
  caller: PageCaller, req: AuthorizeRequest, name: ChallengeNameType, session: string, username: string, responses: Record<string, string>,
): Promise<PageStep> {
  const { id, cookie } = newSessionCookie(caller.services);
  const secret = hashFor(caller.services, req, username);
  const answers = { ...responses, USERNAME: username, ...(secret ? { SECRET_HASH: secret } : {}) };
  caller.check('RespondToAuthChallenge', { ChallengeName: name, ClientId: req.client.id, ChallengeResponses: answers, Session: session });
  const step = await answerChallenge(authCall(caller, req, id), name, answers, session);
  return pageStep(step, cookie, username);
}

/**
 * MFA_SETUP's TOTP set-up on the pages: a new seed for the set-up's Session (AssociateSoftwareToken
 * with a Session), then its code (VerifySoftwareToken), whose new Session answers MFA_SETUP.
 */
export async function pageAssociateSoftwareToken(caller: PageCaller, session: string): Promise<{ secret: string; session: string }> {
  const input = { Session: session };
  caller.check('AssociateSoftwareToken', input);
  const answer = await associateSoftwareToken(input, context(caller));
  return { secret: answer.SecretCode!, session: answer.Session! };
}

export async function pageVerifySoftwareToken(caller: PageCaller, session: string, code: string): Promise<string> {
  const input = { Session: session, UserCode: code };
  caller.check('VerifySoftwareToken', input);
  const answer = await verifySoftwareToken(input, context(caller));
  return answer.Session!;
}

/** Passkey registration for the user of a managed-login session (StartWebAuthnRegistration's steps). */
function userContext(caller: PageCaller, req: AuthorizeRequest, user: UserRow) {
  return {
    ...context(caller),
    caller: { kind: 'user' as const, sub: user.id, username: user.username, clientId: req.client.id, claims: {}, pool: req.pool, user },
  };
}

export async function pageStartPasskeyRegistration(caller: PageCaller, req: AuthorizeRequest, user: UserRow): Promise<string> {
  const answer = await startWebAuthnRegistration({ AccessToken: '' }, userContext(caller, req, user));
  return JSON.stringify(answer.CredentialCreationOptions);
}

export async function pageCompletePasskeyRegistration(caller: PageCaller, req: AuthorizeRequest, user: UserRow, credential: string): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(credential);
  } catch {
    throw errors.invalidParameter('Invalid credential.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.invalidParameter('Invalid credential.');
  await completeWebAuthnRegistration({ AccessToken: '', Credential: parsed as never }, userContext(caller, req, user));
}

function context(caller: PageCaller): OperationContext {
  return { services: caller.services, caller: { kind: 'anonymous' }, requestId: caller.requestId, sourceIp: caller.sourceIp, userAgent: caller.userAgent };
}

export async function pageSignUp(caller: PageCaller, req: AuthorizeRequest, username: string, password: string, attributes: Record<string, string>) {
  const secret = hashFor(caller.services, req, username);
  const input = {
    ClientId: req.client.id, Username: username, Password: password,
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    ...(secret ? { SecretHash: secret } : {}),
  };
  caller.check('SignUp', input);
  return signUp(input, context(caller));
}

export async function pageConfirmSignUp(caller: PageCaller, req: AuthorizeRequest, username: string, code: string) {
  const secret = hashFor(caller.services, req, username);
  const input = { ClientId: req.client.id, Username: username, ConfirmationCode: code, ...(secret ? { SecretHash: secret } : {}) };
  caller.check('ConfirmSignUp', input);
  return confirmSignUp(input, context(caller));
}

export async function pageForgotPassword(caller: PageCaller, req: AuthorizeRequest, username: string) {
  const secret = hashFor(caller.services, req, username);
  const input = { ClientId: req.client.id, Username: username, ...(secret ? { SecretHash: secret } : {}) };
  caller.check('ForgotPassword', input);
  return forgotPassword(input, context(caller));
}

export async function pageConfirmForgotPassword(caller: PageCaller, req: AuthorizeRequest, username: string, code: string, password: string) {
  const secret = hashFor(caller.services, req, username);
  const input = { ClientId: req.client.id, Username: username, ConfirmationCode: code, Password: password, ...(secret ? { SecretHash: secret } : {}) };
  caller.check('ConfirmForgotPassword', input);
  return confirmForgotPassword(input, context(caller));
}
