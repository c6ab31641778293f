/**
 * The composition of the repositories of `storage/store.ts`: one function per concern, each in
 * its `storage/sql/<concern>.ts`, written once over Kysely. The same code runs on SQLite and
 * PostgreSQL; the few differences (row locking) are asked of `isPostgres`. Every query is served
 * by an index: none scans a pool's users.
 */
import type { Kysely } from 'kysely';
import type { Repos } from '../store.ts';
import { signInFailureRepo, serverSecretRepo, usedNonceRepo } from './auth.ts';
import { managedLoginBrandingRepo, uiCustomizationRepo } from './branding.ts';
import { clientRepo } from './clients.ts';
import { codeRepo } from './codes.ts';
import { ConfigCache } from './config-cache.ts';
import { counterRepo } from './counters.ts';
import { decoyCodeRepo } from './decoy-codes.ts';
import { domainRepo } from './domains.ts';
import { deviceRepo } from './devices.ts';
import { isPostgres } from './dialect.ts';
import { groupRepo } from './groups.ts';
import { authorizationCodeRepo, hostedSessionRepo } from './oauth.ts';
import { identityRepo } from './identities.ts';
import { identityKeyRepo } from './identity-keys.ts';
import { identityPoolRepo } from './identity-pools.ts';
import { oidcProviderRepo, roleRepo, temporaryCredentialRepo } from './iam.ts';
import { softwareTokenRepo } from './software-tokens.ts';
import { webAuthnCredentialRepo } from './webauthn-credentials.ts';
import { outboxRepo } from './outbox.ts';
import { poolRepo } from './pools.ts';
import { quotaRepo } from './quotas.ts';
import { resourceServerRepo } from './resource-servers.ts';
import type { Database } from './schema.ts';
import { kekCanaryRepo, sealedRepo } from './sealed.ts';
import type { Db } from './shared.ts';
import { termsRepo } from './terms.ts';
import { refreshTokenRepo, revocationRepo, signingKeyRepo } from './tokens.ts';
import { userRepo } from './users.ts';

export function makeRepos(
  db: Db, postgres = isPostgres(db as Kysely<Database>), cache = new ConfigCache(), inTransaction = false,
): Repos {
  return {
    sealed: sealedRepo(db),
    pools: poolRepo(db, cache, inTransaction, postgres),
    clients: clientRepo(db, cache, inTransaction, postgres),
    users: userRepo(db, postgres),
    groups: groupRepo(db, postgres),
    codes: codeRepo(db, postgres),
    outbox: outboxRepo(db, postgres),
    counters: counterRepo(db),
    decoyCodes: decoyCodeRepo(db),
    quotas: quotaRepo(db),
    signingKeys: signingKeyRepo(db),
    refreshTokens: refreshTokenRepo(db, postgres),
    revocations: revocationRepo(db, postgres),
    signInFailures: signInFailureRepo(db, postgres),
    usedNonces: usedNonceRepo(db, postgres),
    serverSecrets: serverSecretRepo(db),
    kekCanaries: kekCanaryRepo(db),
    domains: domainRepo(db),
    resourceServers: resourceServerRepo(db),
    uiCustomizations: uiCustomizationRepo(db),
    managedLoginBrandings: managedLoginBrandingRepo(db, postgres),
    terms: termsRepo(db),
    authorizationCodes: authorizationCodeRepo(db),
    hostedSessions: hostedSessionRepo(db),
    identityPools: identityPoolRepo(db, cache, inTransaction, postgres),
    identities: identityRepo(db, postgres),
    identityKeys: identityKeyRepo(db),
    roles: roleRepo(db, postgres),
    temporaryCredentials: temporaryCredentialRepo(db),
    oidcProviders: oidcProviderRepo(db),
    softwareTokens: softwareTokenRepo(db, postgres),
    webAuthnCredentials: webAuthnCredentialRepo(db),
    devices: deviceRepo(db, postgres),
  };
}
