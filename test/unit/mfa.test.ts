/**
 * The pure parts of MFA: RFC 6238 codes and the step a code matches (the RFC's own test
 * vectors), which challenge a sign-in gets (mfa/factors.ts), and how preferences combine.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideMfa } from '../../src/userPools/mfa/factors.ts';
import { applySetting } from '../../src/userPools/mfa/preferences.ts';
import { matchingStep, totpCode } from '../../src/userPools/mfa/totp.ts';
import { PoolView, type PoolConfig } from '../../src/userPools/pools/pool-config.ts';
import type { UserRow } from '../../src/userPools/users/store.ts';
import type { UserState } from '../../src/userPools/users/state.ts';

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", base32.
const RFC_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('gives the RFC 6238 codes (their last six digits)', () => {
    assert.equal(totpCode(RFC_SEED, 59_000), '287082');
    assert.equal(totpCode(RFC_SEED, 1_111_111_109_000), '081804');
    assert.equal(totpCode(RFC_SEED, 1_234_567_890_000), '005924');
    assert.equal(totpCode(RFC_SEED, 2_000_000_000_000), '279037');
  });

  it('matches a code to its time step, one step of drift either side, and nothing else', () => {
    assert.equal(matchingStep(RFC_SEED, '287082', 59_000), 1);
    assert.equal(matchingStep(RFC_SEED, '287082', 89_000), 1, 'one step late');
    assert.equal(matchingStep(RFC_SEED, '287082', 29_000), 1, 'one step early');
    assert.equal(matchingStep(RFC_SEED, '287082', 90_000), undefined, 'two steps late');
    assert.equal(matchingStep(RFC_SEED, '287083', 59_000), undefined);
    assert.equal(matchingStep(RFC_SEED, '28708', 59_000), undefined);
    assert.equal(matchingStep(RFC_SEED, ' 287082', 59_000), undefined);
  });
});

const pool = (config: PoolConfig) => new PoolView({ id: 'p', name: 'p', config, userCount: 0, createdAt: 0, updatedAt: 0 });
const user = (attributes: Record<string, string>, state: UserState = {}): UserRow => ({
  id: 'u', poolId: 'p', username: 'u', usernameKey: 'u', status: 'CONFIRMED', enabled: true, attributes,
  credentialsEnc: null, state, createdAt: 0, updatedAt: 0,
});
const ALL = { sms: true, softwareToken: true, email: {} };

describe('which MFA a sign-in gets', () => {
  it('none while MFA is OFF or the user has turned nothing on (OPTIONAL)', () => {
    assert.deepEqual(decideMfa(pool({ MfaConfiguration: 'OFF' }), user({ phone_number: '+1' }, { mfaMethods: ['SMS_MFA'] }), true), { kind: 'none' });
    assert.deepEqual(decideMfa(pool({ MfaConfiguration: 'OPTIONAL', MfaFactors: ALL }), user({ phone_number: '+1' }), true), { kind: 'none' });
  });

  it('the preferred factor, the only one, or a choice among those the user can receive', () => {
    const p = pool({ MfaConfiguration: 'OPTIONAL', MfaFactors: ALL });
    const both = { mfaMethods: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'] };
    assert.deepEqual(decideMfa(p, user({ phone_number: '+1' }, both), true), { kind: 'select', choices: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'] });
    assert.deepEqual(decideMfa(p, user({ phone_number: '+1' }, { ...both, preferredMfa: 'SOFTWARE_TOKEN_MFA' }), true), { kind: 'challenge', factor: 'SOFTWARE_TOKEN_MFA' });
    assert.deepEqual(decideMfa(p, user({}, both), true), { kind: 'challenge', factor: 'SOFTWARE_TOKEN_MFA' }, 'no phone: no SMS');
    // A factor the pool no longer offers is not asked.
    const totpOnly = pool({ MfaConfiguration: 'OPTIONAL', MfaFactors: { sms: false, softwareToken: true } });
    assert.deepEqual(decideMfa(totpOnly, user({ phone_number: '+1' }, { mfaMethods: ['SMS_MFA'] }), false), { kind: 'none' });
  });

  it('MFA ON: the factors the user already has, else MFA_SETUP with the pool\'s factors', () => {
    const p = pool({ MfaConfiguration: 'ON', MfaFactors: ALL });
    assert.deepEqual(decideMfa(p, user({ phone_number: '+1' }), false), { kind: 'challenge', factor: 'SMS_MFA' });
    assert.deepEqual(decideMfa(p, user({}), false), { kind: 'setup', canSetup: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] });
    assert.deepEqual(decideMfa(pool({ MfaConfiguration: 'ON', MfaFactors: { sms: false, softwareToken: true } }), user({ email: 'a@b' }), false),
      { kind: 'setup', canSetup: ['SOFTWARE_TOKEN_MFA'] });
  });
});

describe('MFA preferences', () => {
  it('turn factors on in Cognito\'s order, keep one preferred, and drop the preference of a factor turned off', () => {
    let s = applySetting({}, 'EMAIL_OTP', { enabled: true, preferred: true });
    s = applySetting(s, 'SMS_MFA', { enabled: true });
    assert.deepEqual(s, { mfaMethods: ['SMS_MFA', 'EMAIL_OTP'], preferredMfa: 'EMAIL_OTP' });
    s = applySetting(s, 'SMS_MFA', { enabled: true, preferred: true });
    assert.equal(s.preferredMfa, 'SMS_MFA');
    s = applySetting(s, 'SMS_MFA', { enabled: false });
    assert.deepEqual(s, { mfaMethods: ['EMAIL_OTP'] });
    assert.deepEqual(applySetting({ temporaryPasswordIssuedAt: 1 }, 'EMAIL_OTP', { enabled: false }), { temporaryPasswordIssuedAt: 1 });
  });
});
