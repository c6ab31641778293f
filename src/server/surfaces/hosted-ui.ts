/**
 * The hosted-UI surface, an encapsulated plugin: the browser-facing endpoints of Cognito's
 * authorization server and its managed login pages. `GET /oauth2/authorize`, `GET /logout`, and
 * the pages `/login`, `/login/other` (another way to sign in), `/signup`, `/confirm`,
 * `/forgotPassword`, `/confirmforgotPassword`, `/challenge` (a challenge's page: each challenge
 * maps to one, CHALLENGE_PAGES), `/passkeys/add` (passkey registration for the signed-in person).
 *
 * HTML in and out (forms; no script but the passkey pages' one, served from a path); cookies through @fastify/cookie: the managed-login session
 * (`cognito`: signed, HttpOnly, SameSite=Lax, Secure over TLS) and the CSRF token
 * (`XSRF-TOKEN`, whose MAC every form carries as `_csrf`). Errors: before a client and its
 * redirect URI are known good an HTML error page (400), never a redirect; after, a redirect to
 * the URI with `error`; a person's mistake re-renders the page with Cognito's message.
 */
import fastifyCookie from '@fastify/cookie';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isServiceError } from '../../kernel/errors.ts';
import { newRequestId } from '../../kernel/ids.ts';
import type { Services } from '../../kernel/context.ts';
import { validateInput } from '../../protocol/validate.ts';
import {
  checkAuthorizeRequest, ErrorPage, grantAuthorization, loginRequired, poolByDomain, RedirectError,
  type AuthorizeRequest, type PoolForHost,
} from '../../userPools/oauth/authorize.ts';
import { defaultBranding, type BrandingSource } from '../../userPools/oauth/branding.ts';
import { ASSET_PATH, IMAGE_TYPES } from '../../userPools/oauth/managed-login-style.ts';
import { bytesMatchExtension } from '../../userPools/branding/assets.ts';
import { isOAuthError } from '../../userPools/oauth/errors.ts';
import {
  answerPage, pageAssociateSoftwareToken, pageCompletePasskeyRegistration, pageConfirmForgotPassword, pageStartPasskeyRegistration, signInWithFactor, pageConfirmSignUp, pageForgotPassword, pageSignUp, pageVerifySoftwareToken, signInWithPassword,
  type PageCaller, type PageFactor, type PageStep,
} from '../../userPools/oauth/hosted-login.ts';
import { DEFAULT_SESSION_SECONDS, endSession, liveSession } from '../../userPools/oauth/hosted-session.ts';
import { parseForm, singleParameters, type Parameters } from '../../userPools/oauth/parameters.ts';
import type { AddressRateLimit } from '../limits.ts';
import { PASSKEY_SCRIPT, PASSKEY_SCRIPT_PATH, renderPage, type Choice, type Field, type PageModel } from '../pages/render.ts';
import { allowedFirstFactors } from '../../userPools/passkeys/relying-party.ts';
import { termsFor } from '../../userPools/terms/for-pages.ts';
import { ATTRIBUTE_LABELS, langOf, STRINGS, type Lang } from '../pages/strings.ts';

export const SESSION_COOKIE = 'cognito';
/** The pages' policy: their one script and their style's images from this origin, the QR code and classic logo as data: URLs. */
const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";
/** An asset's own policy: nothing runs or loads, even when an SVG is opened as a document. */
const ASSET_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
const CSRF_COOKIE = 'XSRF-TOKEN';
const CSRF_PURPOSE = 'managed-login-csrf';
const FORM_LIMIT = 64 * 1024;

export interface HostedUiOptions {
  services: Services;
  /** How long a managed-login session lasts (Cognito's hour by default). */
  sessionSeconds?: number;
  /** Host → pool (domains); none today: every endpoint is served by path. */
  poolForHost?: PoolForHost;
  branding?: BrandingSource;
  /** The per-address rate of unauthenticated calls, shared with the JSON API: every form post counts. */
  addressLimit?: AddressRateLimit;
}

/** What a challenge's page shows and asks for; `carry`: the challenge's parameters kept in the form. */
interface ChallengeSpec {
  title: string;
  hint?: string | undefined;
  fields: Field[];
  choice?: Choice | undefined;
  submit: string;
  carry: string[];
  qr?: PageModel['qr'];
  webauthn?: { mode: 'get' | 'create'; options: string; error: string } | undefined;
}

const MFA_FACTORS = ['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP'] as const;
type MfaFactor = (typeof MFA_FACTORS)[number];
/** A challenge parameter's JSON list of factors (MFAS_CAN_CHOOSE, MFAS_CAN_SETUP), known ones only. */
function factorsOf(json: string | undefined): MfaFactor[] {
  try {
    const list: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(list) ? MFA_FACTORS.filter((f) => list.includes(f)) : [];
  } catch {
    return [];
  }
}

const codeField = (name: string, label: string): Field => ({ name, label, autocomplete: 'one-time-code', inputmode: 'numeric' });
const destinationHint = (template: string, p: Record<string, string>) => template.replace('{destination}', p.CODE_DELIVERY_DESTINATION ?? '');

/** A challenge's page: the fields it asks for, sent as the challenge's responses (MFA_SETUP's set-up aside). */
const CHALLENGE_PAGES: Partial<Record<ChallengeNameType, (lang: Lang, p: Record<string, string>) => ChallengeSpec | undefined>> = {
  NEW_PASSWORD_REQUIRED: (lang) => ({
    title: STRINGS[lang].newPasswordTitle,
    hint: STRINGS[lang].newPasswordHint,
    fields: [{ name: 'NEW_PASSWORD', label: STRINGS[lang].newPassword, type: 'password', autocomplete: 'new-password' }],
    submit: STRINGS[lang].changePassword,
    carry: [],
  }),
  SOFTWARE_TOKEN_MFA: (lang) => ({
    title: STRINGS[lang].mfaTitle, hint: STRINGS[lang].totpHint, submit: STRINGS[lang].mfaSubmit, carry: [],
    fields: [codeField('SOFTWARE_TOKEN_MFA_CODE', STRINGS[lang].mfaCode)],
  }),
  SMS_MFA: (lang, p) => ({
    title: STRINGS[lang].mfaTitle, hint: destinationHint(STRINGS[lang].smsHint, p), submit: STRINGS[lang].mfaSubmit,
    carry: ['CODE_DELIVERY_DESTINATION'], fields: [codeField('SMS_MFA_CODE', STRINGS[lang].mfaCode)],
  }),
  EMAIL_OTP: (lang, p) => ({
    title: STRINGS[lang].mfaTitle, hint: destinationHint(STRINGS[lang].emailHint, p), submit: STRINGS[lang].mfaSubmit,
    carry: ['CODE_DELIVERY_DESTINATION'], fields: [codeField('EMAIL_OTP_CODE', STRINGS[lang].mfaCode)],
  }),
  SMS_OTP: (lang, p) => ({
    title: STRINGS[lang].signIn, hint: destinationHint(STRINGS[lang].smsOtpHint, p), submit: STRINGS[lang].mfaSubmit,
    carry: ['CODE_DELIVERY_DESTINATION'], fields: [codeField('SMS_OTP_CODE', STRINGS[lang].mfaCode)],
  }),
  // A passkey: the page's script answers CREDENTIAL_REQUEST_OPTIONS through navigator.credentials.
  WEB_AUTHN: (lang, p) => (p.CREDENTIAL_REQUEST_OPTIONS === undefined ? undefined : {
    title: STRINGS[lang].passkeyTitle, hint: STRINGS[lang].passkeyHint, submit: STRINGS[lang].passkeySubmit,
    carry: ['CREDENTIAL_REQUEST_OPTIONS'], fields: [],
    webauthn: { mode: 'get', options: p.CREDENTIAL_REQUEST_OPTIONS, error: STRINGS[lang].passkeyError },
  }),
  SELECT_MFA_TYPE: (lang, p) => {
    const t = STRINGS[lang];
    const choices = factorsOf(p.MFAS_CAN_CHOOSE);
    if (choices.length === 0) return undefined;
    return {
      title: t.selectTitle, submit: t.selectSubmit, carry: ['MFAS_CAN_CHOOSE'], fields: [],
      choice: { name: 'ANSWER', legend: t.selectLegend, options: choices.map((f) => ({ value: f, label: t[`factor${f}`] })) },
    };
  },
  // TOTP set-up (its SECRET associated by the surface first) or, where only email is offered, the address.
  MFA_SETUP: (lang, p) => {
    const t = STRINGS[lang];
    if (p.SECRET !== undefined) {
      return {
        title: t.setupTitle, hint: t.setupHint, submit: t.setupSubmit, carry: ['MFAS_CAN_SETUP', 'SECRET'],
        fields: [codeField('code', t.mfaCode)],
        qr: { src: p.QR ?? '', alt: t.setupQrAlt, label: t.setupSecret, text: p.SECRET },
      };
    }
    if (!factorsOf(p.MFAS_CAN_SETUP).includes('EMAIL_OTP')) return undefined;
    return {
      title: t.setupEmailTitle, hint: t.setupEmailHint, submit: t.setupEmailSubmit, carry: ['MFAS_CAN_SETUP'],
      fields: [{ name: 'EMAIL', label: t.setupEmail, type: 'email', autocomplete: 'email' }],
    };
  },
};

/** The otpauth URI authenticator apps read from the QR code (issuer: the pool's name). */
export function otpauthUri(issuer: string, account: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(issuer)}`;
}

/** `qrcode`, loaded by the first page that shows a QR code rather than at every start. */
let qrcodeModule: Promise<typeof import('qrcode')> | undefined;

async function qrDataUrl(text: string): Promise<string> {
  const QRCode = await (qrcodeModule ??= import('qrcode'));
  const svg = await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

function errorPage(reply: FastifyReply, lang: Lang, description: string, status = 400): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8')
    .send(renderPage({ lang, title: STRINGS[lang].errorTitle, error: description, branding: {} }));
}

export async function hostedUiSurface(app: FastifyInstance, options: HostedUiOptions): Promise<void> {
  const { services } = options;
  const sessionSeconds = options.sessionSeconds ?? DEFAULT_SESSION_SECONDS;
  const poolForHost = options.poolForHost ?? poolByDomain(services);
  const branding = options.branding ?? defaultBranding;

  await app.register(fastifyCookie);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_req, body, done) => {
    done(null, parseForm(body as string));
  });
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_req, _body, done) => done(null, undefined));

  // A form post calls a public operation (sign-in, sign-up, ...): it counts toward the address's rate.
  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'POST' && options.addressLimit && !options.addressLimit.admit(request.ip)) {
      return errorPage(reply, 'en', 'Rate exceeded', 429);
    }
    return undefined;
  });

  // A route that set its own caching or policy (the style's assets) keeps it.
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    reply.header('x-frame-options', 'DENY').header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', PAGE_CSP);
  });


  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const lang = langOf(typeof (request.query as Record<string, unknown> | undefined)?.lang === 'string' ? (request.query as Record<string, string>).lang : undefined);
    if (error instanceof RedirectError) return reply.redirect(error.location, 302);
    if (error instanceof ErrorPage) return errorPage(reply, lang, error.error === 'redirect_mismatch' ? 'redirect_mismatch' : error.description);
    if (isOAuthError(error) || (isServiceError(error) && error.fault === 'client')) return errorPage(reply, lang, error.message);
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    return errorPage(reply, lang, status >= 500 ? 'Internal server error.' : error.message, status);
  });

  const secure = (request: FastifyRequest) => request.protocol === 'https';
  const queryOf = (request: FastifyRequest): Parameters => singleParameters(request.query);
  /** The request's own query string (to carry the authorize parameters from page to page). */
  const rawQuery = (request: FastifyRequest): string => {
    const i = request.url.indexOf('?');
    return i < 0 ? '' : request.url.slice(i + 1);
  };
  const hostPool = (request: FastifyRequest) => poolForHost(request.headers.host);
  async function authorizeRequest(request: FastifyRequest): Promise<AuthorizeRequest> {
    return checkAuthorizeRequest(services, queryOf(request), await hostPool(request));
  }
  /** The authorize parameters alone, without what a page adds (`username`). */
  function authorizeQuery(p: Parameters, extra: Record<string, string | undefined> = {}, drop: string[] = []): string {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(p)) if (k !== 'username' && !drop.includes(k)) search.set(k, v);
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) search.set(k, v);
    return search.toString();
  }

  // CSRF: a random token in an HttpOnly cookie; each form carries its MAC. A cross-site page can
  // neither read the cookie nor compute the MAC.
  function csrfField(request: FastifyRequest, reply: FastifyReply): string {
    let token = request.cookies[CSRF_COOKIE];
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
      token = randomBytes(32).toString('base64url');
      reply.setCookie(CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(request) });
    }
    return services.vault.mac(token, CSRF_PURPOSE);
  }
  function csrfValid(request: FastifyRequest, form: Parameters): boolean {
    const token = request.cookies[CSRF_COOKIE];
    const given = form._csrf;
    if (!token || !given) return false;
    const expected = services.vault.remac(token, CSRF_PURPOSE, given);
    if (!expected) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  const pageCaller = (request: FastifyRequest): PageCaller => ({
    services, sessionSeconds, sourceIp: request.ip, userAgent: String(request.headers['user-agent'] ?? ''), requestId: newRequestId(),
    check: (operation, input) => validateInput('cognito-idp', operation, input),
  });

  async function page(request: FastifyRequest, reply: FastifyReply, req: AuthorizeRequest, model: Omit<PageModel, 'lang' | 'branding'>, status = 200) {
    const lang = langOf(req.lang);
    const form = model.form ? { ...model.form, hidden: { _csrf: csrfField(request, reply), ...model.form.hidden } } : undefined;
    return reply.code(status).type('text/html; charset=utf-8').send(renderPage({
      ...model, form, lang, branding: await branding(services, req.pool.id, req.client.id),
    }));
  }

  const formOf = (request: FastifyRequest): Parameters => singleParameters(request.body);

  /** A sign-in step's outcome: the session cookie and back to /oauth2/authorize, or a challenge's page. */
  async function afterStep(request: FastifyRequest, reply: FastifyReply, req: AuthorizeRequest, step: PageStep) {
    if (step.kind === 'signed-in') {
      // A new sign-in replaces whatever session the browser had: that one ends here too.
      await endSession(services, request.cookies[SESSION_COOKIE]);
      reply.setCookie(SESSION_COOKIE, step.cookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(request), maxAge: sessionSeconds });
      // Without prompt: a prompt=login request has been answered by this sign-in.
      return reply.redirect(`/oauth2/authorize?${authorizeQuery(req.parameters, {}, ['prompt'])}`, 302);
    }
    // USER_AUTH offers the factors the account has when the chosen one is not among them.
    if (step.name === 'SELECT_CHALLENGE') return otherWayPage(request, reply, req, STRINGS[langOf(req.lang)].methodUnavailable, step.username);
    return challengePage(request, reply, req, step.name, step.session, step.username, step.parameters);
  }

  async function challengePage(
    request: FastifyRequest, reply: FastifyReply, req: AuthorizeRequest, name: ChallengeNameType, session: string, username: string,
    parameters: Record<string, string>, error?: string,
  ) {
    const lang = langOf(req.lang);
    let p = parameters;
    // MFA_SETUP with TOTP offered: a new seed for the set-up's session, shown as a QR code and as text.
    if (name === 'MFA_SETUP' && p.SECRET === undefined && factorsOf(p.MFAS_CAN_SETUP).includes('SOFTWARE_TOKEN_MFA')) {
      const associated = await pageAssociateSoftwareToken(pageCaller(request), session);
      session = associated.session;
      p = { ...p, SECRET: associated.secret };
    }
    if (name === 'MFA_SETUP' && p.SECRET !== undefined) p = { ...p, QR: await qrDataUrl(otpauthUri(req.pool.row.name, username, p.SECRET)) };
    const s = CHALLENGE_PAGES[name]?.(lang, p);
    if (!s) return page(request, reply, req, { title: STRINGS[lang].signIn, error: STRINGS[lang].unsupportedChallenge }, 400);
    const carried: Record<string, string> = {};
    for (const key of s.carry) if (p[key] !== undefined) carried[key] = p[key];
    return page(request, reply, req, {
      title: s.title, hint: s.hint, error, qr: s.qr,
      form: {
        action: `/challenge?${authorizeQuery(req.parameters)}`,
        hidden: { challenge: name, session, username, ...carried, ...(s.webauthn ? { CREDENTIAL: '' } : {}) },
        fields: s.fields, choice: s.choice, submit: s.submit, webauthn: s.webauthn,
      },
    }, error ? 400 : 200);
  }

  /** Cognito's message for a person's mistake, or the error itself (thrown on). */
  const messageOf = (e: unknown): string => {
    if (isServiceError(e) && e.fault === 'client') return e.message;
    throw e;
  };

  // --- /oauth2/authorize -----------------------------------------------------------------------
  app.get('/oauth2/authorize', async (request, reply) => {
    const req = await authorizeRequest(request);
    const cookie = request.cookies[SESSION_COOKIE];
    if (req.prompt === 'login') {
      await endSession(services, cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect(`/login?${authorizeQuery(req.parameters, {}, ['prompt'])}`, 302);
    }
    const live = await liveSession(services, cookie, req.pool.id);
    if (live) {
      const from = { sourceIp: request.ip, userAgent: String(request.headers['user-agent'] ?? '') };
      return reply.redirect(await grantAuthorization(services, req, live.user, live.session.authTime, from), 302);
    }
    if (req.prompt === 'none') throw loginRequired(req);
    return reply.redirect(`/login?${rawQuery(request)}`, 302);
  });

  // --- sign in ---------------------------------------------------------------------------------
  function loginPage(request: FastifyRequest, reply: FastifyReply, req: AuthorizeRequest, error?: string, username?: string, note?: string) {
    const t = STRINGS[langOf(req.lang)];
    const q = authorizeQuery(req.parameters);
    return page(request, reply, req, {
      title: t.signIn, hint: t.signInTitle, error, note,
      form: {
        action: `/login?${q}`, hidden: {}, submit: t.signIn,
        fields: [
          { name: 'username', label: t.username, autocomplete: 'username', ...(username ? { value: username } : {}) },
          { name: 'password', label: t.password, type: 'password', autocomplete: 'current-password' },
        ],
      },
      links: [
        ...(otherFactors(req).length > 0 ? [{ label: t.otherWay, href: `/login/other?${q}` }] : []),
        { label: t.forgot, href: `/forgotPassword?${q}` },
        { text: t.noAccount, label: t.signUp, href: `/signup?${q}` },
      ],
    }, error ? 400 : 200);
  }

  app.get('/login', async (request, reply) => {
    const req = await authorizeRequest(request);
    // login_hint pre-fills the username, as Cognito's pages do.
    return loginPage(request, reply, req, undefined, req.parameters.login_hint);
  });

  app.post('/login', async (request, reply) => {
    const req = await authorizeRequest(request);
    const form = formOf(request);
    if (!csrfValid(request, form)) return loginPage(request, reply, req, 'Invalid request. Please try again.');
    const username = form.username ?? '';
    try {
      return await afterStep(request, reply, req, await signInWithPassword(pageCaller(request), req, username, form.password ?? ''));
    } catch (e) {
      if (isServiceError(e) && e.name === 'UserNotConfirmedException') {
        return reply.redirect(`/confirm?${authorizeQuery(req.parameters, { username })}`, 302);
      }
      return loginPage(request, reply, req, messageOf(e), username);
    }
  });

  app.post('/challenge', async (request, reply) => {
    const req = await authorizeRequest(request);
    const form = formOf(request);
    const name = (form.challenge ?? '') as ChallengeNameType;
    const session = form.session ?? '';
    const username = form.username ?? '';
    const lang = langOf(req.lang);
    const spec = CHALLENGE_PAGES[name];
    if (!spec) return loginPage(request, reply, req, STRINGS[lang].unsupportedChallenge);
    // The challenge's parameters the page carried (what it shows again on a mistake).
    const parameters: Record<string, string> = {};
    for (const key of ['CODE_DELIVERY_DESTINATION', 'MFAS_CAN_CHOOSE', 'MFAS_CAN_SETUP', 'SECRET', 'CREDENTIAL_REQUEST_OPTIONS']) {
      if (form[key] !== undefined) parameters[key] = form[key];
    }
    // The seed the page showed is only redrawn, never trusted: VerifySoftwareToken checks the session's own.
    if (parameters.SECRET !== undefined && !/^[A-Z2-7]{16,128}$/.test(parameters.SECRET)) delete parameters.SECRET;
    const again = (message: string) => challengePage(request, reply, req, name, session, username, parameters, message);
    if (!csrfValid(request, form)) return again('Invalid request. Please try again.');
    const s = spec(lang, parameters);
    if (!s) return loginPage(request, reply, req, STRINGS[lang].unsupportedChallenge);
    try {
      if (name === 'MFA_SETUP' && parameters.SECRET !== undefined) {
        // The set-up's code verifies the new token; the session it returns answers MFA_SETUP.
        const verified = await pageVerifySoftwareToken(pageCaller(request), session, form.code ?? '');
        return await afterStep(request, reply, req, await answerPage(pageCaller(request), req, name, verified, username, {}));
      }
      const responses: Record<string, string> = {};
      for (const f of s.fields) responses[f.name] = form[f.name] ?? '';
      if (s.choice) responses[s.choice.name] = form[s.choice.name] ?? '';
      if (s.webauthn) responses.CREDENTIAL = form.CREDENTIAL ?? '';
      return await afterStep(request, reply, req, await answerPage(pageCaller(request), req, name, session, username, responses));
    } catch (e) {
      const message = messageOf(e);
      // A spent or expired session cannot be answered again: start over.
      if (/session/i.test(message)) return loginPage(request, reply, req, message, username);
      return again(message);
    }
  });

  // --- sign in another way (USER_AUTH's passwordless first factors) ------------------------------
  /** What the pool's SignInPolicy allows besides a password, when the client has ALLOW_USER_AUTH. */
  function otherFactors(req: AuthorizeRequest): PageFactor[] {
    if (!req.client.allowsAuthFlow('USER_AUTH')) return [];
    const allowed = allowedFirstFactors(req.pool);
    return (['WEB_AUTHN', 'EMAIL_OTP', 'SMS_OTP'] as const).filter((f) => allowed.includes(f));
  }

  function otherWayPage(request: FastifyRequest, reply: FastifyReply, req: AuthorizeRequest, error?: string, username?: string) {
    const t = STRINGS[langOf(req.lang)];
    const q = authorizeQuery(req.parameters);
    const factors = otherFactors(req);
    if (factors.length === 0) return loginPage(request, reply, req, t.methodUnavailable);
    return page(request, reply, req, {
      title: t.otherTitle, error,
      form: {
        action: `/login/other?${q}`, hidden: {}, submit: t.otherSubmit,
        fields: [{ name: 'username', label: t.username, autocomplete: 'username webauthn', ...(username ? { value: username } : {}) }],
        choice: { name: 'method', legend: t.otherLegend, options: factors.map((f) => ({ value: f, label: t[`method${f}`] })) },
      },
      links: [{ label: t.passwordInstead, href: `/login?${q}` }],
    }, error ? 400 : 200);
  }

  app.get('/login/other', async (request, reply) => {
    const req = await authorizeRequest(request);
    return otherWayPage(request, reply, req, undefined, req.parameters.login_hint);
  });

  app.post('/login/other', async (request, reply) => {
    const req = await authorizeRequest(request);
    const form = formOf(request);
    const username = form.username ?? '';
    if (!csrfValid(request, form)) return otherWayPage(request, reply, req, 'Invalid request. Please try again.', username);
    const factor = otherFactors(req).find((f) => f === form.method);
    if (!factor) return otherWayPage(request, reply, req, STRINGS[langOf(req.lang)].methodUnavailable, username);
    try {
      return await afterStep(request, reply, req, await signInWithFactor(pageCaller(request), req, username, factor));
    } catch (e) {
      return otherWayPage(request, reply, req, messageOf(e), username);
    }
  });

  // --- passkey registration, for the person the session cookie names ----------------------------
  app.get(PASSKEY_SCRIPT_PATH, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('x-content-type-options', 'nosniff').send(PASSKEY_SCRIPT));

  // --- a managed login style's images (its logos, backgrounds, favicons and graphics) ------------
  app.get<{ Params: { pool: string; style: string; category: string; file: string } }>(
    `${ASSET_PATH}/:pool/:style/:category/:file`, async (request, reply) => {
      const { pool, style, category, file } = request.params;
      const notFound = () => reply.code(404).type('text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send('Not found');
      const name = /^(LIGHT|DARK|DYNAMIC)\.(png|jpeg|svg|webp|ico)$/.exec(file);
      if (!name || !/^[\w-]+_[0-9a-zA-Z]+$/.test(pool) || !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(style)) return notFound();
      const hostPoolId = await hostPool(request);
      if (hostPoolId !== undefined && hostPoolId !== pool) return notFound();
      const row = await services.store.managedLoginBrandings.get(pool, style);
      const extension = name[2]!.toUpperCase();
      const asset = row?.assets.find((a) => a.Category === category && a.ColorMode === name[1] && a.Extension === extension && a.Bytes);
      const bytes = asset?.Bytes ? Buffer.from(asset.Bytes, 'base64') : undefined;
      if (!bytes || !bytesMatchExtension(extension, bytes)) return notFound();
      return reply.type(IMAGE_TYPES[extension]!).header('x-content-type-options', 'nosniff')
        .header('content-security-policy', ASSET_CSP).header('cross-origin-resource-policy', 'same-origin')
        .header('cache-control', 'public, max-age=3600').send(bytes);
    });

  async function passkeyAddPage(request: FastifyRequest, reply: FastifyReply, req: AuthorizeRequest, error?: string) {
    const live = await liveSession(services, request.cookies[SESSION_COOKIE], req.pool.id);
    if (!live) return reply.redirect(`/login?${authorizeQuery(req.parameters)}`, 302);
    const t = STRINGS[langOf(req.lang)];
    const q = authorizeQuery(req.parameters);
    const options = await pageStartPasskeyRegistration(pageCaller(request), req, live.user);
    return page(request, reply, req, {
      title: t.passkeyAddTitle, hint: t.passkeyAddHint, error,
      form: {
        action: `/passkeys/add?${q}`, hidden: { CREDENTIAL: '' }, fields: [], submit: t.passkeyAddSubmit,
        webauthn: { mode: 'create', options, error: t.passkeyAddError },
      },
      secondary: { label: t.notNow, href: `/oauth2/authorize?${q}` },
    }, error ? 400 : 200);
  }

  app.get('/passkeys/add', async (request, reply) => passkeyAddPage(request, reply, await authorizeRequest(request)));

  app.post('/passkeys/add', async (request, reply) => {
    const req = await authorizeRequest(request);
    const form = formOf(request);
    if (!csrfValid(request, form)) return passkeyAddPage(request, reply, req, 'Invalid request. Please try again.');
    const live = await liveSession(services, request.cookies[SESSION_COOKIE], req.pool.id);
    if (!live) return reply.redirect(`/login?${authorizeQuery(req.parameters)}`, 302);
    try {
      await pageCompletePasskeyRegistration(pageCaller(request), req, live.user, form.CREDENTIAL ?? '');
    } catch (e) {
      return passkeyAddPage(request, reply, req, messageOf(e));
    }
    // Registered: on to the application, as the sign-in would have gone.
    return reply.redirect(`/oauth2/authorize?${authorizeQuery(req.parameters)}`, 302);
  });

  // --- sign up and confirm -----------------------------------------------------------------------
  async function signUpPage(request: FastifyRequest, reply: FastifyReply, req: AuthorizeRequest, error?: string, values: Parameters = {}) {
    const lang = langOf(req.lang);
    const t = STRINGS[lang];
    const q = authorizeQuery(req.parameters);
    const attributeFields: Field[] = req.pool.requiredAttributes.map((name) => ({
      name, label: ATTRIBUTE_LABELS[lang][name] ?? name,
      type: name === 'email' ? 'email' : name === 'phone_number' ? 'tel' : 'text',
      autocomplete: name === 'email' ? 'email' : name === 'phone_number' ? 'tel' : name === 'given_name' ? 'given-name' : name === 'family_name' ? 'family-name' : 'on',
      ...(values[name] ? { value: values[name] } : {}),
    }));
    // The client's terms in the language the person asked for (`lang`, any of Cognito's), else the default links.
    const terms = await termsFor(services, req.client.id, req.lang);
    return page(request, reply, req, {
      title: t.signUp, hint: t.signUpTitle, error,
      form: {
        action: `/signup?${q}`, hidden: {}, submit: t.signUp,
        fields: [
          { name: 'username', label: t.username, autocomplete: 'username', ...(values.username ? { value: values.username } : {}) },
          ...attributeFields,
          { name: 'password', label: t.password, type: 'password', autocomplete: 'new-password' },
        ],
      },
      links: [{ text: t.haveAccount, label: t.signIn, href: `/login?${q}` }],
      legal: terms && {
        before: t.legalBefore, joiner: t.legalJoiner, after: t.legalAfter,
        first: { label: t.termsOfUse, href: terms.termsOfUse }, second: { label: t.privacyPolicy, href: terms.privacyPolicy },
      },
    }, error ? 400 : 200);
  }

  app.get('/signup', async (request, reply) => signUpPage(request, reply, await authorizeRequest(request)));

  app.post('/signup', async (request, reply) => {
    const req = await authorizeRequest(request);
    const form = formOf(request);
    if (!csrfValid(request, form)) return signUpPage(request, reply, req, 'Invalid request. Please try again.', form);
    const attributes: Record<string, string> = {};
    for (const name of req.pool.requiredAttributes) if (form[name]) attributes[name] = form[name];
    const username = form.username ?? '';
    try {
      const answer = await pageSignUp(pageCaller(request), req, username, form.password ?? '', attributes);
      if (answer.UserConfirmed) return reply.redirect(`/login?${authorizeQuery(req.parameters)}`, 302);
      return reply.redirect(`/confirm?${authorizeQuery(req.parameters, { username })}`, 302);
    } catch (e) {
      return signUpPage(request, reply, req, messageOf(e), form);
    }
  });

  function confirmPage(request: FastifyRequest, reply: FastifyReply, req: AuthorizeRequest, username: string, error?: string) {
    const t = STRINGS[langOf(req.lang)];
    return page(request, reply, req, {
      title: t.confirmTitle, hint: t.confirmHint, error,
      form: {
        action: `/confirm?${authorizeQuery(req.parameters, { username })}`, hidden: {}, submit: t.confirm,
        fields: [{ name: 'code', label: t.code, autocomplete: 'one-time-code', inputmode: 'numeric' }],
      },
      links: [{ label: t.signIn, href: `/login?${authorizeQuery(req.parameters)}` }],
    }, error ? 400 : 200);
  }

  app.get('/confirm', async (request, reply) => {
    const req = await authorizeRequest(request);
    return confirmPage(request, reply, req, req.parameters.username ?? '');
  });

  app.post('/confirm', async (request, reply) => {
    const req = await authorizeRequest(request);
    const form = formOf(request);
    const username = req.parameters.username ?? '';
    if (!csrfValid(request, form)) return confirmPage(request, reply, req, username, 'Invalid request. Please try again.');
    try {
      await pageConfirmSignUp(pageCaller(request), req, username, form.code ?? '');
      return reply.redirect(`/login?${authorizeQuery(req.parameters)}`, 302);
    } catch (e) {
      return confirmPage(request, reply, req, username, messageOf(e));
    }
  });

  // --- forgotten password ------------------------------------------------------------------------
  function forgotPage(request: FastifyRequest, reply: FastifyReply, req: AuthorizeRequest, error?: string) {
    const t = STRINGS[langOf(req.lang)];
    const q = authorizeQuery(req.parameters);
    return page(request, reply, req, {
      title: t.resetTitle, hint: t.resetHint, error,
      form: { action: `/forgotPassword?${q}`, hidden: {}, submit: t.resetSend, fields: [{ name: 'username', label: t.username, autocomplete: 'username' }] },
      links: [{ label: t.signIn, href: `/login?${q}` }],
    }, error ? 400 : 200);
  }

  app.get('/forgotPassword', async (request, reply) => forgotPage(request, reply, await authorizeRequest(request)));

  app.post('/forgotPassword', async (request, reply) => {
    const req = await authorizeRequest(request);
    const form = formOf(request);
    if (!csrfValid(request, form)) return forgotPage(request, reply, req, 'Invalid request. Please try again.');
    const username = form.username ?? '';
    try {
      await pageForgotPassword(pageCaller(request), req, username);
      return reply.redirect(`/confirmforgotPassword?${authorizeQuery(req.parameters, { username })}`, 302);
    } catch (e) {
      return forgotPage(request, reply, req, messageOf(e));
    }
  });

  function confirmForgotPage(request: FastifyRequest, reply: FastifyReply, req: AuthorizeRequest, username: string, error?: string) {
    const t = STRINGS[langOf(req.lang)];
    return page(request, reply, req, {
      title: t.resetConfirmTitle, hint: t.resetConfirmHint, error,
      form: {
        action: `/confirmforgotPassword?${authorizeQuery(req.parameters, { username })}`, hidden: {}, submit: t.changePassword,
        fields: [
          { name: 'code', label: t.code, autocomplete: 'one-time-code', inputmode: 'numeric' },
          { name: 'password', label: t.newPassword, type: 'password', autocomplete: 'new-password' },
        ],
      },
      links: [{ label: t.signIn, href: `/login?${authorizeQuery(req.parameters)}` }],
    }, error ? 400 : 200);
  }

  app.get('/confirmforgotPassword', async (request, reply) => {
    const req = await authorizeRequest(request);
    return confirmForgotPage(request, reply, req, req.parameters.username ?? '');
  });

  app.post('/confirmforgotPassword', async (request, reply) => {
    const req = await authorizeRequest(request);
    const form = formOf(request);
    const username = req.parameters.username ?? '';
    if (!csrfValid(request, form)) return confirmForgotPage(request, reply, req, username, 'Invalid request. Please try again.');
    try {
      await pageConfirmForgotPassword(pageCaller(request), req, username, form.code ?? '', form.password ?? '');
      return reply.redirect(`/login?${authorizeQuery(req.parameters)}`, 302);
    } catch (e) {
      return confirmForgotPage(request, reply, req, username, messageOf(e));
    }
  });

  // --- /logout -----------------------------------------------------------------------------------
  app.get('/logout', async (request, reply) => {
    const p = queryOf(request);
    const lang = langOf(p.lang);
    if (!p.client_id) return errorPage(reply, lang, 'Missing required parameter client_id');
    const clientCheck = p.logout_uri !== undefined ? undefined : await checkAuthorizeRequest(services, p, await hostPool(request));
    if (p.logout_uri !== undefined) {
      const client = await services.store.clients.getCached(p.client_id);
      const pool = await hostPool(request);
      if (!client || (pool !== undefined && client.poolId !== pool)) return errorPage(reply, lang, 'Invalid client_id');
      if (!(client.config.LogoutURLs ?? []).includes(p.logout_uri)) return errorPage(reply, lang, 'redirect_mismatch');
    }
    await endSession(services, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    if (p.logout_uri !== undefined) return reply.redirect(p.logout_uri, 302);
    // redirect_uri + response_type: sign in again, perhaps as someone else.
    return reply.redirect(`/login?${authorizeQuery(clientCheck!.parameters)}`, 302);
  });

}
