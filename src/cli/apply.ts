/**
 * `alcove apply --config FILE [--plan]`: brings a database (one that servers may be running on)
 * to the pools, clients, groups and users the file declares, as every start does, and prints one
 * line per change; `--plan` prints the same lines and writes nothing.
 */
import type { Settings } from '../config.ts';
import { applyConfig, formatLine } from '../seed/apply.ts';
import { offlineServices } from './services.ts';

export async function applyConfigFile(settings: Settings, options: { plan: boolean }): Promise<void> {
  const services = await offlineServices(settings, { readOnly: options.plan });
  try {
    const lines = await applyConfig(settings.pools, services, {
      roles: settings.iam.roles,
      dryRun: options.plan,
      onLine: (line) => process.stdout.write(`${line.kind === 'note' ? 'note: ' : ''}${formatLine(line)}\n`),
    });
    const changes = lines.filter((l) => l.kind === 'change').length;
    process.stdout.write(changes === 0
      ? 'no changes: the database is as the file says\n'
      : options.plan ? `${changes} change(s) to apply (plan only: nothing was written)\n` : `${changes} change(s) applied\n`);
  } finally {
    await services.store.close();
  }
}
