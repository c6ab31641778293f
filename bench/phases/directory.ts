/** Issue 2: SignUp and AdminCreateUser per second on the embedded default (SQLite, one node). */
import { createPool, emailOf, PASSWORD, randomUsername } from '../harness/cognito.ts';
import { CognitoHttp } from '../harness/http.ts';
import { runLoad } from '../harness/load.ts';
import type { BenchOptions } from '../harness/options.ts';
import { errorNotes, figures, heading, note, table, THROUGHPUT_COLUMNS, throughputRow } from '../harness/report.ts';
import { startAlcove } from '../harness/servers.ts';

export async function directoryPhase(options: BenchOptions): Promise<void> {
  heading('Directory writes: SignUp and AdminCreateUser (SQLite, one node)');
  const node = await startAlcove({ name: 'directory' });
  const api = new CognitoHttp(node.url, options.concurrency);
  try {
    const { poolId } = await createPool(api, 'bench-directory');
    const { UserPoolClient: client } = await api.call('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'signup' });
    const load = { concurrency: options.concurrency, maxOps: 1_000_000, maxMs: options.durationSec * 1000, warmupOps: 4 * options.concurrency };

    const signUp = await runLoad(async () => {
      const username = randomUsername();
      await api.call('SignUp', {
        ClientId: client.ClientId, Username: username, Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: emailOf(username) }],
      });
    }, [node], load);

    const adminCreate = await runLoad(async () => {
      const username = randomUsername();
      await api.call('AdminCreateUser', {
        UserPoolId: poolId, Username: username, DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: emailOf(username) }, { Name: 'email_verified', Value: 'true' }],
      });
    }, [node], load);

    table(THROUGHPUT_COLUMNS, [
      throughputRow('SignUp', figures(signUp)),
      throughputRow('AdminCreateUser', figures(adminCreate)),
    ]);
    errorNotes('SignUp', signUp);
    errorNotes('AdminCreateUser', adminCreate);
    note('Each SignUp stores an SRP verifier (one 3072-bit modexp), a confirmation code and an outbox message in one');
    note('transaction; each AdminCreateUser a generated temporary password and an invitation. SQLite synchronous=FULL.');
  } finally {
    api.close();
    await node.stop();
  }
}
