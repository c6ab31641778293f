/**
 * MFA set-up and MFA, between the new password and the device step (mfa/factors.ts decides
 * which). MFA set-up: a pool with MFA ON and a user with no factor gets MFA_SETUP
 * (MFAS_CAN_SETUP: the pool's factors); AssociateSoftwareToken / VerifySoftwareToken take its
 * Session, and the MFA_SETUP answer resumes after the MFA step. MFA: the one factor's challenge
 * (an SMS or email code is issued and queued in the step's transaction, or after it when the
 * pool's CustomMessage trigger composes it), or SELECT_MFA_TYPE,
 * whose answer resumes here with the factor chosen. Each answer resumes after `mfa`.
 */
import type { Repos } from '../../../storage/store.ts';
import { codeDestination, composeMfaCode, composingRunsTrigger, writeMfaCode } from '../../mfa/codes.ts';
import { decideMfa, type MfaDecision, type MfaFactor } from '../../mfa/factors.ts';
import type { UserRow } from '../../users/store.ts';
import type { AuthCall } from '../call.ts';
import type { Outcome, Progress, Step } from '../next-step.ts';
import { issueSession } from '../session.ts';

/** The MFA decision for this sign-in, computed once (it reads the user's software token). */
async function decisionOf(tx: Repos, call: AuthCall, progress: Progress): Promise<MfaDecision> {
  // A passwordless first factor (USER_AUTH's passkey or one-time code) is not followed by MFA.
  if (call.pool.mfaConfiguration === 'OFF' || progress.passwordless) return { kind: 'none' };
  progress.mfa ??= decideMfa(call.pool, progress.user, (await tx.softwareTokens.verifiedOf(progress.user.id)) !== undefined);
  return progress.mfa;
}

export const mfaSetupStep: Step = async (tx, call, progress) => {
  if (progress.mfaChoice) return undefined;
  const decision = await decisionOf(tx, call, progress);
  if (decision.kind !== 'setup') return undefined;
  const { user, now, deviceKey } = progress;
  return {
    challenge: {
      ChallengeName: 'MFA_SETUP',
      Session: issueSession(call, 'MFA_SETUP', user.id, now, { deviceKey }),
      ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(decision.canSetup) },
    },
  };
};

export const mfaStep: Step = async (tx, call, progress) => {
  if (progress.mfaChoice) return mfaChallenge(tx, call, progress.user, progress.mfaChoice, progress);
  const decision = await decisionOf(tx, call, progress);
  if (decision.kind === 'challenge') return mfaChallenge(tx, call, progress.user, decision.factor, progress);
  if (decision.kind === 'select') {
    return {
      challenge: {
        ChallengeName: 'SELECT_MFA_TYPE',
        Session: issueSession(call, 'SELECT_MFA_TYPE', progress.user.id, progress.now, { deviceKey: progress.deviceKey }),
        ChallengeParameters: { MFAS_CAN_CHOOSE: JSON.stringify(decision.choices) },
      },
    };
  }
  return undefined;
};

/**
 * The challenge of `factor`: for SMS and email, a code composed and written with the step's
 * writes in `tx`; when composing runs the pool's CustomMessage trigger, the step's transaction
 * commits without it and the code is composed after the commit, then written in a transaction of
 * its own (no trigger runs inside a transaction).
 */
export async function mfaChallenge(
  tx: Repos, call: AuthCall, user: UserRow, factor: MfaFactor, progress: Pick<Progress, 'now' | 'deviceKey'>,
): Promise<Outcome> {
  const Session = issueSession(call, factor, user.id, progress.now, { deviceKey: progress.deviceKey });
  if (factor === 'SOFTWARE_TOKEN_MFA') return { challenge: { ChallengeName: factor, Session, ChallengeParameters: {} } };
  const { services, pool, origin } = call;
  const destination = codeDestination(user, factor)!;
  if (!composingRunsTrigger(pool)) {
    const composed = await composeMfaCode(origin, pool, user, factor, destination);
    return { challenge: { ChallengeName: factor, Session, ChallengeParameters: await writeMfaCode(tx, services, pool, user, composed) } };
  }
  return {
    finish: async () => {
      const composed = await composeMfaCode(origin, pool, user, factor, destination);
      const ChallengeParameters = await services.store.transaction((tx2) => writeMfaCode(tx2, services, pool, user, composed));
      services.notifyOutbox();
      return { ChallengeName: factor, Session, ChallengeParameters };
    },
  };
}
