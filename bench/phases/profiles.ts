/** The newer paths `npm run profile -- <path>` can profile (scripts/profile.ts): each a suite and the one label it runs. */
import { MFA_PATHS, runMfaSuite } from './mfa.ts';
import { IDENTITY_PATHS, runIdentitySuite } from './identity.ts';
import type { PathRun } from './new-paths.ts';
import { OAUTH_PATHS, runOAuthSuite } from './oauth.ts';

export const NEW_PATH_PROFILES: Record<string, { label: string; suite: (run: PathRun) => Promise<unknown> }> = {
  mfa: { label: MFA_PATHS[1], suite: runMfaSuite },
  clientcredentials: { label: OAUTH_PATHS[0], suite: runOAuthSuite },
  authorize: { label: OAUTH_PATHS[1], suite: runOAuthSuite },
  getcredentials: { label: IDENTITY_PATHS[0], suite: runIdentitySuite },
  verify: { label: IDENTITY_PATHS[1], suite: runIdentitySuite },
};
