/**
 * The AWS CLI (v1, Debian's awscli) pointed at a test server with its access key: `cognito-idp`
 * commands answered as parsed JSON, no profile, pager or shared files of the machine's.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestServer } from './server.ts';

const exec = promisify(execFile);

/** For `describe(..., { skip: awsCliSkip }, ...)`: false, or why the CLI tests cannot run. */
export const awsCliSkip: false | string = await exec('aws', ['--version']).then(
  () => false, () => 'the aws CLI is not installed (.ci/run installs Debian\'s awscli)',
);

/** `aws cognito-idp <args> --endpoint-url <server>` as the server's administrator; its JSON output, or {}. */
export function awsCli(server: TestServer): (...args: string[]) => Promise<any> {
  const key = server.accessKeys[0]!;
  const env: NodeJS.ProcessEnv = {
    ...process.env, AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1', AWS_REGION: 'us-east-1', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  delete env.AWS_SESSION_TOKEN; delete env.AWS_PROFILE;
  return async (...args: string[]) => {
    const { stdout } = await exec('aws', ['cognito-idp', ...args, '--endpoint-url', server.url, '--output', 'json'], { env });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };
}
