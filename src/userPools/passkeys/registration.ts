/**
 * StartWebAuthnRegistration and CompleteWebAuthnRegistration: a signed-in user registers a
 * passkey. The creation options carry a random challenge, kept as a keyed hash in the codes
 * table (purpose `webauthn-registration`: one live registration per user, a new start replacing
 * the last, valid for the options' timeout); the completion checks the credential's origin,
 * relying party and challenge with `@simplewebauthn/server`, then spends the challenge with one
 * conditional delete in the transaction that stores the credential, so a challenge registers at
 * most one credential, on any node. The stored hash names the app client whose access token
 * started the registration; a completion with another client's token is
 * WebAuthnClientMismatchException.
 */
import { timingSafeEqual } from 'node:crypto';
import type { DocumentType as __DocumentType } from '@smithy/types';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { errors } from '../../errors.ts';
import { UniqueViolation } from '../../storage/store.ts';
import type { UserHandler } from '../context.ts';
import { clientDataOf, originAllowed, relyingPartyId, requirePasskeys, userVerificationOf, webAuthn } from './relying-party.ts';

const PURPOSE = 'webauthn-registration';
/** How long a registration's options stay answerable (their `timeout`). */
export const REGISTRATION_TTL_MS = 5 * 60_000;
const DEFAULT_FRIENDLY_NAME = 'Passkey';
/** Passkeys a user may register (Cognito's quota). */
export const MAX_PASSKEYS = 20;

const challengeMessage = (userId: string, challenge: string) => `${userId}\0${PURPOSE}\0${challenge}`;
/** The stored form: the challenge's keyed hash, then the app client that started the registration. */
const CLIENT_SEPARATOR = '~';
const storedHash = (mac: string, clientId: string) => `${mac}${CLIENT_SEPARATOR}${clientId}`;
const parseStored = (stored: string): { mac: string; clientId: string | undefined } => {
  const at = stored.lastIndexOf(CLIENT_SEPARATOR);
  return at < 0 ? { mac: stored, clientId: undefined } : { mac: stored.slice(0, at), clientId: stored.slice(at + 1) };
};

const challengeNotFound = () => errors.webAuthnChallengeNotFound('The WebAuthn challenge was not found or has expired. Start the registration again.');

export const startWebAuthnRegistration: UserHandler<'StartWebAuthnRegistration'> = async (_input, ctx) => {
  const { pool, user } = ctx.caller;
  const { store, vault, clock } = ctx.services;
  requirePasskeys(pool);
  const rpID = relyingPartyId(pool, ctx.services);
  if (!rpID) throw errors.webAuthnConfigurationMissing('WebAuthn configuration is missing the relying party id.');
  const existing = await store.webAuthnCredentials.allOf(user.id);
  if (existing.length >= MAX_PASSKEYS) throw errors.limitExceeded(`A user can register at most ${MAX_PASSKEYS} passkeys.`);
  const { generateRegistrationOptions } = await webAuthn();
  const options = await generateRegistrationOptions({
    rpName: pool.row.name,
    rpID,
    userName: user.username,
    userID: Buffer.from(user.id, 'utf8'),
    userDisplayName: user.attributes.email ?? user.username,
    timeout: REGISTRATION_TTL_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: c.transports })),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: userVerificationOf(pool) },
  });
  const now = clock.now();
  await store.codes.put({
    userId: user.id, purpose: PURPOSE, poolId: pool.id,
    codeHash: storedHash(vault.mac(challengeMessage(user.id, options.challenge), 'code'), ctx.caller.clientId),
    expiresAt: now + REGISTRATION_TTL_MS, attempts: 0, createdAt: now,
  });
  return { CredentialCreationOptions: options as unknown as __DocumentType };
};

export const completeWebAuthnRegistration: UserHandler<'CompleteWebAuthnRegistration'> = async (input, ctx) => {
  const { pool, user } = ctx.caller;
  const { store, vault, clock } = ctx.services;
  requirePasskeys(pool);
  // Without a relying party no registration could have started.
  const rpID = relyingPartyId(pool, ctx.services);
  if (!rpID) throw challengeNotFound();
  const response = input.Credential as unknown as RegistrationResponseJSON;
  const clientData = clientDataOf(response);
  if (clientData.type !== 'webauthn.create') throw errors.webAuthnCredentialNotSupported('The credential is not a registration response.');
  if (!originAllowed(clientData.origin, rpID)) throw errors.webAuthnOriginNotAllowed('The origin of the credential is not allowed for the relying party.');
  const origin = clientData.origin;

  const now = clock.now();
  const row = await store.codes.get(user.id, PURPOSE);
  if (!row || row.expiresAt <= now) throw challengeNotFound();
  const stored = parseStored(row.codeHash);
  const expected = Buffer.from(stored.mac);
  const actual = Buffer.from(vault.remac(challengeMessage(user.id, clientData.challenge), 'code', stored.mac) ?? '');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw challengeNotFound();
  if (stored.clientId !== ctx.caller.clientId) {
    throw errors.webAuthnClientMismatch('The access token is for a different app client than the one that started the registration.');
  }

  const { verifyRegistrationResponse } = await webAuthn();
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response, expectedChallenge: clientData.challenge, expectedOrigin: origin, expectedRPID: rpID,
      requireUserVerification: userVerificationOf(pool) === 'required',
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    if (/RP ID/i.test(message)) throw errors.webAuthnRelyingPartyMismatch('The relying party of the credential does not match the user pool\'s.');
    throw errors.webAuthnCredentialNotSupported('The credential could not be verified.');
  }
  if (!verified.verified) throw errors.webAuthnCredentialNotSupported('The credential could not be verified.');
  const info = verified.registrationInfo;
  const attachment = (response as { authenticatorAttachment?: unknown }).authenticatorAttachment;
  await store.transaction(async (tx) => {
    if (!(await tx.codes.consume(user.id, PURPOSE, row.codeHash))) throw challengeNotFound();
    try {
      await tx.webAuthnCredentials.insert({
        credentialId: info.credential.id,
        userId: user.id,
        poolId: pool.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        signCount: info.credential.counter,
        transports: info.credential.transports ?? response.response.transports ?? [],
        friendlyName: DEFAULT_FRIENDLY_NAME,
        relyingPartyId: rpID,
        aaguid: info.aaguid,
        authenticatorAttachment: typeof attachment === 'string' ? attachment : null,
        createdAt: now,
      });
    } catch (e) {
      if (e instanceof UniqueViolation) throw errors.webAuthnCredentialNotSupported('The credential is registered already.');
      throw e;
    }
  });
  return {};
};
