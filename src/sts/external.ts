/**
 * Credentials from an external STS (AWS itself, or an S3-compatible store that serves
 * AssumeRoleWithWebIdentity, e.g. Ceph RGW): the identity pools' broker for pools the config file
 * names (`identityPools.credentialBrokers`). GetCredentialsForIdentity hands that STS the pool's
 * OpenID token for the role it resolved, unsigned, as an SDK would; the STS must trust Alcove's
 * identity issuer (an OIDC provider for `<public-url>/cognito-identity` whose client ids hold the
 * identity pool id; its discovery document and JWKS reachable from it).
 *
 * Its answer is read from STS's XML. A refusal (an `<ErrorResponse>`, 4xx) is thrown as
 * `ExternalStsRefusal` with STS's code; no answer, a 5xx or an unreadable one as
 * `ExternalStsUnavailable`. Nothing of the token or the credentials is logged.
 */
const TIMEOUT_MS = 10_000;

export interface ExternalStsRequest {
  endpoint: string;
  roleArn: string;
  roleSessionName: string;
  webIdentityToken: string;
  durationSeconds: number;
}

export interface ExternalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export class ExternalStsRefusal extends Error {
  constructor(readonly code: string, message: string) { super(message); this.name = 'ExternalStsRefusal'; }
}
export class ExternalStsUnavailable extends Error {
  constructor(message: string) { super(message); this.name = 'ExternalStsUnavailable'; }
}

const unescape = (s: string): string => s.replace(/&(lt|gt|quot|apos|amp|#13);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&', '#13': '\r' })[e]!);
const element = (xml: string, name: string): string | undefined => {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m ? unescape(m[1]!) : undefined;
};

export async function assumeRoleWithWebIdentityAt(r: ExternalStsRequest): Promise<ExternalCredentials> {
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: r.roleArn, RoleSessionName: r.roleSessionName,
    WebIdentityToken: r.webIdentityToken, DurationSeconds: String(r.durationSeconds),
  });
  let status: number;
  let text: string;
  try {
    const response = await fetch(r.endpoint, {
      method: 'POST', body, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    });
    status = response.status;
    text = await response.text();
  } catch (e) {
    throw new ExternalStsUnavailable(`${r.endpoint}: ${(e as Error).message}`);
  }
  if (status >= 400 && status < 500) {
    throw new ExternalStsRefusal(element(text, 'Code') ?? String(status), element(text, 'Message') ?? '');
  }
  const credentials = status === 200 ? /<Credentials>([\s\S]*?)<\/Credentials>/.exec(text)?.[1] : undefined;
  const accessKeyId = credentials && element(credentials, 'AccessKeyId');
  const secretAccessKey = credentials && element(credentials, 'SecretAccessKey');
  const sessionToken = credentials && element(credentials, 'SessionToken');
  const expiration = credentials ? new Date(element(credentials, 'Expiration') ?? '') : undefined;
  if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration || Number.isNaN(expiration.getTime())) {
    throw new ExternalStsUnavailable(`${r.endpoint}: answered ${status} without credentials`);
  }
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}
