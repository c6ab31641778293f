import { errors } from '../../errors.ts';
import { checkCode, spendCode } from '../codes/codes.ts';
import type { UserHandler } from '../context.ts';
import { countAttempt } from '../users/rate-limit.ts';
import { changeUser, claimAliases } from '../users/directory/save.ts';
import { stateOf } from '../users/state.ts';
import { valueToVerify, verifiableAttribute, verifyPurpose } from './verification.ts';

/**
 * The code sent for an email or phone number verifies it: a value held back until verification
 * replaces the old one, and a verified value may become a sign-in alias (so it must be free).
 */
export const verifyUserAttribute: UserHandler<'VerifyUserAttribute'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const { pool, user } = ctx.caller;
  const attribute = verifiableAttribute(input.AttributeName);
  const now = clock.now();
  await countAttempt(store, 'verifyUserAttribute', user.id, now);
  const value = valueToVerify(user, attribute);
  if (value === undefined) throw errors.invalidParameter(`Unable to verify attribute: ${attribute} no value set to verify`);

  const { pendingAttributes, ...state } = stateOf(user);
  const { [attribute]: _verified, ...stillPending } = pendingAttributes ?? {};
  const verified = {
    ...user,
    attributes: { ...user.attributes, [attribute]: value, [`${attribute}_verified`]: 'true' },
    state: Object.keys(stillPending).length > 0 ? { ...state, pendingAttributes: stillPending } : { ...state },
    updatedAt: now,
  };
  // Refuse an alias clash before the code is spent, so that it can be retried once the alias is free.
  await claimAliases(store, pool, verified, false, now);
  const code = await checkCode(store, ctx.services, user.id, verifyPurpose(attribute), input.Code);
  await store.transaction(async (tx) => {
    await spendCode(tx, code);
    await claimAliases(tx, pool, verified, false, now);
    await changeUser(tx, pool, user.id, (current) => {
      // The code verifies the value it was sent to: if that changed meanwhile, it verifies nothing.
      if (valueToVerify(current, attribute) !== value) throw errors.expiredCode('Invalid code provided, please request a code again.');
      const { pendingAttributes: pendingNow, ...stateNow } = stateOf(current);
      const { [attribute]: _done, ...pendingLeft } = pendingNow ?? {};
      return {
        ...current,
        attributes: { ...current.attributes, [attribute]: value, [`${attribute}_verified`]: 'true' },
        state: Object.keys(pendingLeft).length > 0 ? { ...stateNow, pendingAttributes: pendingLeft } : { ...stateNow },
        updatedAt: now,
      };
    });
  });
  return {};
};
