/**
 * What follows a proven first factor, decided in one place. Every flow and every challenge
 * answer ends here with a `Proof`: the user it proved, and the writes of the step that proved it
 * (spending its nonce, clearing lockout failures, setting the new password). The steps below run
 * in order — the account's state, new password required, MFA set-up, MFA, device, tokens — and
 * the first that decides something ends the sign-in step: a challenge to answer, a refusal, or
 * the tokens. The proof's writes and the deciding step's writes (a code in the outbox, the new
 * refresh token) commit together in one transaction, once; only the token signing runs after the
 * commit, so that no transaction waits on RSA.
 *
 * An answer to a challenge resumes the pipeline after the step that issued it (its `after`), so
 * no flow can reach the tokens without passing every later step: a new password is followed by
 * MFA, an MFA answer by the device step. Adding a step is one entry in STEPS.
 */
import type { NewDeviceMetadataType } from '@aws-sdk/client-cognito-identity-provider';
import type { Repos } from '../../storage/store.ts';
import type { DeviceRow } from '../devices/store.ts';
import type { MfaDecision, MfaFactor } from '../mfa/factors.ts';
import type { TokenSource } from '../tokens/customise.ts';
import type { UserRow } from '../users/store.ts';
import type { AuthCall, AuthStep } from './call.ts';
import { accountStep } from './steps/account.ts';
import { deviceStep, unlessDeviceReplacesMfa } from './steps/device.ts';
import { mfaSetupStep, mfaStep } from './steps/mfa.ts';
import { newPasswordStep } from './steps/new-password.ts';
import { tokensStep } from './steps/tokens.ts';

/** The pipeline's steps, in their order. */
export type StepName = 'account' | 'newPassword' | 'mfaSetup' | 'mfa' | 'device' | 'tokens';

/** What a step knows of the sign-in it decides for. */
export interface Progress {
  /** The user, as the proving step left them (as written, when it wrote them). */
  user: UserRow;
  /** When this step's proof was made (epoch ms; the tokens' auth_time). */
  now: number;
  /** The step whose challenge the proof answered, if any (the pipeline resumed after it). */
  after?: StepName | undefined;
  /** The DEVICE_KEY the client named at sign-in, carried by the challenge sessions. */
  deviceKey?: string | undefined;
  /** The factor SELECT_MFA_TYPE's answer chose. */
  mfaChoice?: MfaFactor | undefined;
  /** The first factor was passwordless (a passkey, an emailed or texted code): no MFA follows, as on Cognito. */
  passwordless?: boolean | undefined;
  /** The MFA steps' decision, once made (steps/mfa.ts). */
  mfa?: MfaDecision;
  /** What the tokens are issued for, as pre token generation names it (`TokenGeneration_<source>`). */
  source: TokenSource;
  /** The confirmed device DEVICE_KEY names, once looked up (steps/device.ts). */
  device?: DeviceRow;
  /** A device issued by this sign-in, answered as NewDeviceMetadata (steps/device.ts). */
  newDevice?: NewDeviceMetadataType;
}

/**
 * A step's decision. `challenge`: answer the call with it (its own writes already made in the
 * transaction). `refuse`: the proof's writes commit, then the call fails with this error.
 * `finish`: what to answer, computed after the commit (the tokens' signatures).
 */
export type Outcome =
  | { challenge: AuthStep }
  | { refuse: Error }
  | { finish: () => Promise<AuthStep> };

/** A step: undefined to pass on to the next one. Writes go through `tx`, the sign-in step's transaction. */
export type Step = (tx: Repos, call: AuthCall, progress: Progress) => Promise<Outcome | undefined>;

const STEPS: readonly (readonly [StepName, Step])[] = [
  ['account', accountStep],
  ['newPassword', newPasswordStep],
  ['mfaSetup', unlessDeviceReplacesMfa(mfaSetupStep)],
  ['mfa', unlessDeviceReplacesMfa(mfaStep)],
  ['device', deviceStep],
  ['tokens', tokensStep],
];

/** A proven factor: who, and the writes of the step that proved it. */
export interface Proof {
  user: UserRow;
  now: number;
  /** The proving step's writes, in the step's transaction; may return the user row as it wrote it. */
  writes: (tx: Repos) => Promise<UserRow | void>;
  /** The step whose challenge this proof answers: the pipeline resumes after it. None: a first factor. */
  after?: StepName;
  deviceKey?: string | undefined;
  mfaChoice?: MfaFactor | undefined;
  /** Default `Authentication`; `NewPasswordChallenge` after a new password, `AuthenticateDevice` after a device's proof. */
  source?: TokenSource;
  /** The first factor was passwordless (a passkey, an emailed or texted code): no MFA follows (steps/mfa.ts). */
  passwordless?: boolean | undefined;
}

export async function nextStep(call: AuthCall, proof: Proof): Promise<AuthStep> {
  const start = proof.after === undefined ? 0 : STEPS.findIndex(([name]) => name === proof.after) + 1;
  const outcome = await call.services.store.transaction(async (tx): Promise<Outcome> => {
    const user = (await proof.writes(tx)) ?? proof.user;
    const progress: Progress = {
      user, now: proof.now, after: proof.after, deviceKey: proof.deviceKey, mfaChoice: proof.mfaChoice,
      source: proof.source ?? 'Authentication', passwordless: proof.passwordless,
    };
    for (const [, step] of STEPS.slice(start)) {
      const decided = await step(tx, call, progress);
      if (decided) return decided;
    }
    // The tokens step always decides.
    throw new Error('sign-in pipeline ended without a decision');
  });
  if ('refuse' in outcome) throw outcome.refuse;
  if ('challenge' in outcome) return outcome.challenge;
  return outcome.finish();
}
