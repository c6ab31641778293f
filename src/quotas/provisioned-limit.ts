/**
 * GetProvisionedLimit / UpdateProvisionedLimit: the rate of an API category (`LimitClass:
 * API_CATEGORY`, `Attributes.Category`). As in Cognito, a limit can be raised from the category's
 * default, not lowered below it; the ceiling is MAX_PROVISIONED_FACTOR times the default.
 */
import type { LimitDefinitionType } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoError, errors } from '../errors.ts';
import type { Handler, Handlers } from '../userPools/context.ts';
import { isQuotaCategory, MAX_PROVISIONED_FACTOR, QUOTA_CATEGORIES, type QuotaCategory } from './categories.ts';

function categoryOf(definition: LimitDefinitionType): QuotaCategory {
  const category = definition.Attributes?.Category;
  if (category === undefined) throw errors.invalidParameter('LimitDefinition.Attributes must name a Category.');
  if (!isQuotaCategory(category)) throw errors.invalidParameter(`${category} is not an API category.`);
  return category;
}

const limitType = (category: QuotaCategory, provisioned: number) => ({
  LimitDefinition: { LimitClass: 'API_CATEGORY' as const, Attributes: { Category: category } },
  ProvisionedLimitValue: provisioned,
  FreeLimitValue: QUOTA_CATEGORIES[category],
});

const getProvisionedLimit: Handler<'GetProvisionedLimit'> = async (input, ctx) => {
  const category = categoryOf(input.LimitDefinition);
  const limits = await ctx.services.store.quotas.limits();
  return { Limit: limitType(category, limits[category] ?? QUOTA_CATEGORIES[category]) };
};

const updateProvisionedLimit: Handler<'UpdateProvisionedLimit'> = async (input, ctx) => {
  const category = categoryOf(input.LimitDefinition);
  const requested = input.RequestedLimitValue;
  const free = QUOTA_CATEGORIES[category];
  if (!Number.isInteger(requested) || requested < free) {
    throw errors.invalidParameter(`RequestedLimitValue must be a whole number of at least the default limit of ${category}, ${free}.`);
  }
  if (requested > free * MAX_PROVISIONED_FACTOR) {
    throw new CognitoError('ServiceQuotaExceededException', `RequestedLimitValue exceeds the maximum limit of ${category}, ${free * MAX_PROVISIONED_FACTOR}.`);
  }
  await ctx.services.store.quotas.setLimit(category, requested, ctx.services.clock.now());
  return { Limit: limitType(category, requested) };
};

export const quotaHandlers: Handlers = {
  GetProvisionedLimit: getProvisionedLimit,
  UpdateProvisionedLimit: updateProvisionedLimit,
};
