/** Terms documents operations (owner: terms concern). */
import type { Handlers } from '../context.ts';
import { createTerms } from './create-terms.ts';
import { deleteTerms } from './delete-terms.ts';
import { describeTermsByClient } from './describe-terms-by-client.ts';
import { describeTermsHandler } from './describe-terms.ts';
import { listTerms } from './list-terms.ts';
import { updateTerms } from './update-terms.ts';

export { termsFor, type TermsLinks } from './for-pages.ts';

export const termsHandlers: Handlers = {
  CreateTerms: createTerms,
  DescribeTerms: describeTermsHandler,
  DescribeTermsByClient: describeTermsByClient,
  ListTerms: listTerms,
  UpdateTerms: updateTerms,
  DeleteTerms: deleteTerms,
};
