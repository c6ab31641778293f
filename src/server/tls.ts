/**
 * TLS for the listener: a certificate and key from files (`--tls-cert` / `--tls-key`), or, for
 * development, a self-signed certificate (`--tls self-signed`), since Amplify and the SDKs build a
 * Cognito domain's address with `https://`.
 *
 * The self-signed certificate is made here, without the `openssl` command: node:crypto makes the
 * key pair (ECDSA P-256) and the signature, and the X.509 structure around them is a few DER
 * elements (RFC 5280). It names localhost, 127.0.0.1, ::1 and the public URL's host, is valid for
 * 397 days, and is kept in the data directory (key mode 0600), so a browser's exception for it
 * lasts across restarts; a missing, unreadable or expiring one is made again.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { ensurePrivateDir, ensurePrivateFile } from '../storage/private-files.ts';

export interface TlsFiles {
  cert: string;
  key: string;
}

const VALIDITY_DAYS = 397;
const RENEW_BEFORE_MS = 7 * 86_400_000;

// --- DER, the few element types a certificate needs ----------------------------------------------
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
const explicit = (n: number, item: Buffer) => tlv(0xa0 + n, item);
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const groups: number[] = [];
    for (let v = n; ; v = Math.floor(v / 128)) { groups.unshift(v & 0x7f); if (v < 128) break; }
    out.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return tlv(0x06, Buffer.from(out));
}
function integer(bytes: Buffer): Buffer {
  const trimmed = bytes[0] === 0 && bytes.length > 1 ? bytes.subarray(1) : bytes;
  return tlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const bitString = (bytes: Buffer) => tlv(0x03, Buffer.from([0]), bytes);
const octetString = (bytes: Buffer) => tlv(0x04, bytes);
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  // UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5).
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}
function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head, tail = ''] = ip.split('::');
  const parts = (s: string) => (s ? s.split(':').map((h) => parseInt(h, 16)) : []);
  const h = parts(head!);
  const t = ip.includes('::') ? parts(tail) : [];
  const words = [...h, ...Array(8 - h.length - t.length).fill(0), ...t] as number[];
  return Buffer.from(words.flatMap((w) => [w >> 8, w & 0xff]));
}

/** A self-signed certificate (PEM) and its private key (PKCS#8 PEM) for `hosts` (names and addresses). */
export function makeSelfSignedCertificate(hosts: string[], now = new Date()): TlsFiles {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8(hosts[0] ?? 'localhost'))), set(sequence(oid('2.5.4.10'), utf8('Alcove development'))));
  const altNames = sequence(...[...new Set(hosts)].map((h) => (isIP(h) ? tlv(0x87, ipBytes(h)) : tlv(0x82, Buffer.from(h, 'ascii')))));
  const extensions = explicit(3, sequence(
    sequence(oid('2.5.29.17'), octetString(altNames)),
    sequence(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), octetString(sequence())),
    sequence(oid('2.5.29.15'), tlv(0x01, Buffer.from([0xff])), octetString(tlv(0x03, Buffer.from([0x07, 0x80])))),
    sequence(oid('2.5.29.37'), octetString(sequence(oid('1.3.6.1.5.5.7.3.1')))),
  ));
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaSha256,
    name,
    sequence(time(new Date(now.getTime() - 60_000)), time(new Date(now.getTime() + VALIDITY_DAYS * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const der = sequence(tbs, ecdsaSha256, bitString(sign('sha256', tbs, privateKey)));
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The data directory's self-signed certificate for `hosts`, made (again) when missing, unreadable, expiring or naming other hosts. */
export function selfSignedCertificate(dataDir: string, hosts: string[], now = new Date()): TlsFiles & { generated: boolean; certFile: string } {
  ensurePrivateDir(dataDir);
  const certFile = path.join(dataDir, 'tls-self-signed.crt');
  const keyFile = path.join(dataDir, 'tls-self-signed.key');
  if (existsSync(certFile) && existsSync(keyFile)) {
    try {
      const cert = readFileSync(certFile, 'utf8');
      const key = readFileSync(keyFile, 'utf8');
      const x509 = new X509Certificate(cert);
      const fresh = new Date(x509.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS;
      const named = (h: string) => (isIP(h) ? x509.checkIP(h) : x509.checkHost(h)) !== undefined;
      if (fresh && x509.checkPrivateKey(createPrivateKey(key)) && hosts.every(named)) {
        return { cert, key, generated: false, certFile };
      }
    } catch { /* made again below */ }
  }
  const made = makeSelfSignedCertificate(hosts, now);
  ensurePrivateFile(keyFile);
  writeFileSync(keyFile, made.key, { mode: 0o600 });
  writeFileSync(certFile, made.cert);
  return { ...made, generated: true, certFile };
}

/** The listener's certificate and key, from the settings; undefined when TLS is off. */
export function tlsOptions(
  s: { tls?: 'self-signed' | undefined; tlsCert?: string | undefined; tlsKey?: string | undefined; dataDir: string },
  hosts: string[],
): (TlsFiles & { generated?: boolean; certFile?: string }) | undefined {
  if (s.tlsCert && s.tlsKey) return { cert: readFileSync(s.tlsCert, 'utf8'), key: readFileSync(s.tlsKey, 'utf8') };
  if (s.tls === 'self-signed') return selfSignedCertificate(s.dataDir, hosts);
  return undefined;
}
