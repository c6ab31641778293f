/** Versioned migrations, applied in order at start or by `alcove migrate`; same on both databases. */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as directory from './0001_directory.ts';
import * as codesOutbox from './0002_codes_outbox_counters.ts';
import * as tokens from './0003_tokens.ts';
import * as auth from './0004_auth.ts';
import * as expiryIndexes from './0005_expiry_indexes.ts';
import * as signInReservations from './0006_sign_in_reservations.ts';
import * as provisionedLimits from './0007_provisioned_limits.ts';
import * as decoyCodes from './0008_decoy_codes.ts';
import * as nfcKeys from './0009_nfc_keys.ts';
import * as kekCanaries from './0010_kek_canaries.ts';
import * as oauthManagement from './0011_oauth.ts';
import * as oauthEndpoints from './0012_oauth.ts';
import * as mfa from './0013_mfa.ts';
import * as devices from './0014_devices.ts';
import * as passkeys from './0015_passkeys.ts';
import * as identityPools from './0017_identity_pools.ts';
import * as sts from './0018_sts.ts';
import * as oidcProviders from './0022_iam_oidc_providers.ts';

const migrations: Record<string, Migration> = {
  '0001_directory': directory,
  '0002_codes_outbox_counters': codesOutbox,
  '0003_tokens': tokens,
  '0004_auth': auth,
  '0005_expiry_indexes': expiryIndexes,
  '0006_sign_in_reservations': signInReservations,
  '0007_provisioned_limits': provisionedLimits,
  '0008_decoy_codes': decoyCodes,
  '0009_nfc_keys': nfcKeys,
  '0010_kek_canaries': kekCanaries,
  '0011_oauth': oauthManagement,
  '0012_oauth': oauthEndpoints,
  '0013_mfa': mfa,
  '0014_devices': devices,
  '0015_passkeys': passkeys,
  '0017_identity_pools': identityPools,
  '0018_sts': sts,
  '0022_iam_oidc_providers': oidcProviders,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every migration not yet applied, or those up to and including `to` (tests of a migration). */
export async function migrate(db: Kysely<any>, to?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'alcove_migrations', migrationLockTableName: 'alcove_migrations_lock' });
  const { error, results } = to ? await migrator.migrateTo(to) : await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
