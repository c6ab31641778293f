/**
 * `alcove revoke-credentials --access-key-id ASIA…` or `--role-arn ARN [--session-name NAME]`:
 * ends temporary credentials STS issued, at once on every node (the verifier and
 * GetCallerIdentity read the revocation from the database on every request). By role session
 * (or whole role), credentials being issued at that very moment are refused too.
 */
import type { Settings } from '../config.ts';
import { parseRoleArn } from '../iam/roles.ts';
import { revokeAccessKey, revokeRoleSessions } from '../sts/sessions.ts';
import { offlineServices } from './services.ts';

export async function revokeCredentials(
  settings: Settings, target: { accessKeyId?: string | undefined; roleArn?: string | undefined; sessionName?: string | undefined },
): Promise<void> {
  if ((target.accessKeyId === undefined) === (target.roleArn === undefined)) {
    throw new Error('revoke-credentials needs --access-key-id ASIA… or --role-arn ARN [--session-name NAME]');
  }
  if (target.sessionName !== undefined && target.roleArn === undefined) throw new Error('--session-name goes with --role-arn');
  if (target.roleArn !== undefined && !parseRoleArn(target.roleArn)) throw new Error(`${target.roleArn} is not a role ARN`);
  const services = await offlineServices(settings);
  try {
    if (target.accessKeyId !== undefined) {
      const done = await revokeAccessKey(services, target.accessKeyId);
      process.stdout.write(done ? `revoked ${target.accessKeyId}\n` : `${target.accessKeyId}: no such live credentials (unknown or already revoked)\n`);
    } else {
      const count = await revokeRoleSessions(services, target.roleArn!, target.sessionName);
      const what = target.sessionName === undefined ? `role ${target.roleArn}` : `session ${target.sessionName} of ${target.roleArn}`;
      process.stdout.write(`revoked every credential of ${what} issued until now (${count} live one(s) marked)\n`);
    }
  } finally {
    await services.store.close();
  }
}
