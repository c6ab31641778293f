/**
 * HTML of the managed login pages: server-rendered, no script, one form per page, each field
 * with its label, errors announced (`role="alert"`), colours well above WCAG AA contrast.
 */
import type { Branding } from '../../userPools/oauth/branding.ts';
import type { Picture } from '../../userPools/oauth/managed-login-style.ts';
import type { Lang } from './strings.ts';

export const escapeHtml = (text: string): string =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&quot;' })[c]!);

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f3f4f6}
main{max-width:26rem;margin:3rem auto;padding:2rem;background:#fff;border:1px solid #d1d5db;border-radius:8px}
h1{font-size:1.4rem;margin:0 0 1rem}
p{margin:0 0 1rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{display:block;width:100%;padding:.6rem;font:inherit;color:#1a1a1a;background:#fff;border:1px solid #4b5563;border-radius:4px}
input:focus,button:focus,a:focus{outline:3px solid #1d4ed8;outline-offset:2px}
button{margin-top:1.5rem;width:100%;padding:.7rem;font:inherit;font-weight:600;color:#fff;background:#1e3a8a;border:0;border-radius:4px;cursor:pointer}
a{color:#1e3a8a}
.alert{padding:.75rem;margin:0 0 1rem;color:#7f1d1d;background:#fef2f2;border:1px solid #b91c1c;border-radius:4px}
.note{padding:.75rem;margin:0 0 1rem;color:#14532d;background:#f0fdf4;border:1px solid #15803d;border-radius:4px}
nav{margin-top:1.5rem}
nav p{margin:.5rem 0}
.logo{display:block;max-width:10rem;margin:0 auto 1rem}
.logo img{display:block;max-width:100%}
.logo-outside{margin:2rem auto 0}
.page-header,.page-footer{display:flex;align-items:center;min-height:4rem;padding:.75rem 1.5rem;border:0 solid transparent;background-size:cover;background-position:center}
.page-header{border-bottom-width:1px}
.page-footer{border-top-width:1px}
.page-header img,.page-footer img{display:block;max-height:3rem;max-width:12rem}
nav{border-top:1px solid transparent;padding-top:.5rem}
.graphic{display:block;width:2rem;height:2rem;object-fit:contain}
a.secondary{display:block;margin-top:.75rem;padding:.6rem;text-align:center;font-weight:600;text-decoration:none;border:2px solid #1e3a8a;border-radius:4px;color:#1e3a8a;background:#fff}
.legal{margin-top:1rem;font-size:.9rem}
fieldset{border:0;margin:1rem 0 0;padding:0}
legend{font-weight:600;margin-bottom:.25rem}
.choice{display:flex;align-items:center;gap:.5rem;margin:.5rem 0;font-weight:400}
.choice input{width:auto;margin:0}
.qr{display:block;width:12rem;height:12rem;margin:0 auto 1rem;image-rendering:pixelated}
code{display:block;padding:.5rem;margin:0 0 1rem;font:15px/1.4 ui-monospace,monospace;word-break:break-all;background:#f3f4f6;border:1px solid #d1d5db;border-radius:4px}
`;

export interface Field {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'email' | 'tel';
  autocomplete?: string;
  value?: string;
  inputmode?: 'numeric';
}

/** Radio buttons: one value of `options` posted as `name`. */
export interface Choice {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
}

/** Where the passkey pages' script is served (CSP `script-src 'self'`). */
export const PASSKEY_SCRIPT_PATH = '/managed-login/passkey.js';

/**
 * The passkey pages' script: the form's options through navigator.credentials (get or create),
 * the credential's JSON into the CREDENTIAL field, then the form posted; a failure is announced.
 */
export const PASSKEY_SCRIPT = `'use strict';
(function () {
  var form = document.querySelector('form[data-webauthn]');
  if (!form) return;
  form.addEventListener('submit', function (event) {
    var field = form.querySelector('input[name="CREDENTIAL"]');
    if (!field || field.value) return;
    event.preventDefault();
    var alert = document.getElementById('webauthn-error');
    var options = JSON.parse(form.getAttribute('data-options'));
    var pending = form.getAttribute('data-webauthn') === 'create'
      ? navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
      : navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
    pending.then(function (credential) {
      field.value = JSON.stringify(credential.toJSON());
      form.submit();
    }, function () {
      alert.textContent = form.getAttribute('data-error');
      alert.hidden = false;
    });
  });
})();
`;

export interface PageModel {
  lang: Lang;
  title: string;
  hint?: string | undefined;
  error?: string | undefined;
  note?: string | undefined;
  /** The form: where it posts, its hidden values, its fields (and a choice), its button. */
  form?: {
    action: string; hidden: Record<string, string>; fields: Field[]; choice?: Choice | undefined; submit: string;
    /** A WebAuthn form: the page's one script (PASSKEY_SCRIPT) calls navigator.credentials with `options` and posts CREDENTIAL. */
    webauthn?: { mode: 'get' | 'create'; options: string; error: string } | undefined;
  } | undefined;
  /** A QR code to scan (an image's data URL) and the text it encodes for typing instead. */
  qr?: { src: string; alt: string; label: string; text: string } | undefined;
  links?: { text?: string; label: string; href: string }[];
  /** A second action under the form, shown as a secondary button (a link: skip, not now). */
  secondary?: { label: string; href: string } | undefined;
  /** A sentence under the form with two links (the terms of use and privacy policy). */
  legal?: { before: string; first: { label: string; href: string }; joiner: string; second: { label: string; href: string }; after: string } | undefined;
  branding: Branding;
}

export function renderPage(m: PageModel): string {
  const fields = (m.form?.fields ?? []).map((f, i) => {
    const id = `f-${f.name.replace(/[^\w-]/g, '_')}`;
    return `<label for="${id}">${escapeHtml(f.label)}</label>`
      + `<input id="${id}" name="${escapeHtml(f.name)}" type="${f.type ?? 'text'}"`
      + (f.autocomplete ? ` autocomplete="${f.autocomplete}"` : '')
      + (f.inputmode ? ` inputmode="${f.inputmode}"` : '')
      + (f.value !== undefined ? ` value="${escapeHtml(f.value)}"` : '')
      + ` required${i === 0 && !m.error ? ' autofocus' : ''}>`;
  }).join('');
  const choice = m.form?.choice;
  const radios = choice
    ? `<fieldset><legend>${escapeHtml(choice.legend)}</legend>` + choice.options.map((o, i) => {
      const id = `c-${choice.name.replace(/[^\w-]/g, '_')}-${i}`;
      return `<label class="choice" for="${id}"><input id="${id}" type="radio" name="${escapeHtml(choice.name)}" value="${escapeHtml(o.value)}"`
        + `${i === 0 ? ' checked' : ''} required>${graphic(m.branding.managedLogin?.graphics[o.value])}${escapeHtml(o.label)}</label>`;
    }).join('') + '</fieldset>'
    : '';
  const qr = m.qr
    ? `<img class="qr" src="${escapeHtml(m.qr.src)}" alt="${escapeHtml(m.qr.alt)}"><p>${escapeHtml(m.qr.label)}</p><code id="secret">${escapeHtml(m.qr.text)}</code>`
    : '';
  const hidden = Object.entries(m.form?.hidden ?? {})
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  const webauthn = m.form?.webauthn;
  const webauthnAttributes = webauthn
    ? ` data-webauthn="${webauthn.mode}" data-options="${escapeHtml(webauthn.options)}" data-error="${escapeHtml(webauthn.error)}"`
    : '';
  const form = m.form
    ? (webauthn ? '<div id="webauthn-error" class="alert" role="alert" hidden></div>' : '')
      + `<form method="post" action="${escapeHtml(m.form.action)}"${webauthnAttributes} novalidate>${hidden}${radios}${fields}<button type="submit">${escapeHtml(m.form.submit)}</button></form>`
    : '';
  const secondary = m.secondary ? `<a class="secondary" href="${escapeHtml(m.secondary.href)}">${escapeHtml(m.secondary.label)}</a>` : '';
  const links = (m.links ?? []).map((l) => `<p>${l.text ? `${escapeHtml(l.text)} ` : ''}<a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a></p>`).join('');
  const style = m.branding.managedLogin;
  const formLogo = style?.formLogo ? `<div class="logo">${picture(style.formLogo.picture)}</div>` : '';
  const logo = style?.formLogo
    ? (style.formLogo.outside || style.formLogo.bottom ? '' : formLogo)
    : m.branding.logoDataUrl ? `<img class="logo" src="${escapeHtml(m.branding.logoDataUrl)}" alt="">` : '';
  const favicons = (style?.favicons ?? [])
    .map((f) => `<link rel="icon" href="${escapeHtml(f.href)}" type="${escapeHtml(f.type)}"${f.media ? ` media="${escapeHtml(f.media)}"` : ''}>`).join('');
  const bar = (kind: 'header' | 'footer', bar: { logo?: Picture } | undefined) =>
    bar ? `<${kind} class="page-${kind}">${bar.logo ? picture(bar.logo) : ''}</${kind}>` : '';
  return '<!doctype html>'
    + `<html lang="${m.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${escapeHtml(m.title)}</title>`
    + favicons
    + (webauthn ? `<script src="${PASSKEY_SCRIPT_PATH}" defer></script>` : '')
    + `<style>${STYLE}${m.branding.css ? m.branding.css.replace(/<\//g, '<\\/') : ''}</style></head>`
    + `<body>${bar('header', style?.header)}`
    + (style?.formLogo?.outside ? formLogo.replace('class="logo"', 'class="logo logo-outside"') : '')
    + `<main>${logo}<h1>${escapeHtml(m.title)}</h1>`
    + (m.error ? `<div class="alert" role="alert">${escapeHtml(m.error)}</div>` : '')
    + (m.note ? `<div class="note" role="status">${escapeHtml(m.note)}</div>` : '')
    + (m.hint ? `<p class="hint">${escapeHtml(m.hint)}</p>` : '')
    + qr
    + form
    + secondary
    + (m.legal
      ? `<p class="legal">${escapeHtml(m.legal.before)} <a href="${escapeHtml(m.legal.first.href)}">${escapeHtml(m.legal.first.label)}</a>`
        + ` ${escapeHtml(m.legal.joiner)} <a href="${escapeHtml(m.legal.second.href)}">${escapeHtml(m.legal.second.label)}</a>${escapeHtml(m.legal.after)}</p>`
      : '')
    + (links ? `<nav>${links}</nav>` : '')
    + (style?.formLogo && !style.formLogo.outside && style.formLogo.bottom ? formLogo : '')
    + `</main>${bar('footer', style?.footer)}</body></html>`;
}

/** An image of the style (decorative: the page's words say what it is for), with its dark-mode source. */
function picture(p: Picture): string {
  const img = `<img src="${escapeHtml(p.src)}" alt="">`;
  return p.darkSrc ? `<picture><source media="(prefers-color-scheme: dark)" srcset="${escapeHtml(p.darkSrc)}">${img}</picture>` : img;
}

function graphic(p: Picture | undefined): string {
  if (!p) return '';
  const img = `<img class="graphic" src="${escapeHtml(p.src)}" alt="">`;
  return p.darkSrc ? `<picture><source media="(prefers-color-scheme: dark)" srcset="${escapeHtml(p.darkSrc)}">${img}</picture>` : img;
}
