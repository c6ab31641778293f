/**
 * Pure parts of the managed login pages: a managed login style's settings as CSS (any JSON in,
 * only checked colours and radii out, fast-check), its form logo, the otpauth URI of the TOTP
 * set-up page, and the page HTML escaping what it is given.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { managedLoginPage, type StyleSource } from '../../src/userPools/oauth/managed-login-style.ts';
import { DEFAULT_BRANDING_SETTINGS, merged } from '../../src/userPools/branding/managed-login.ts';
import { bytesMatchExtension } from '../../src/userPools/branding/assets.ts';
import { otpauthUri } from '../../src/server/surfaces/hosted-ui.ts';
import { renderPage } from '../../src/server/pages/render.ts';

const STYLE_ID = '0b0e3c55-7d0d-4c7e-9a57-3b3f7d0e6a11';
const style = (settings: unknown, assets: StyleSource['assets'] = []): StyleSource => ({ poolId: 'us-east-1_abc', id: STYLE_ID, version: 7, settings, assets });

describe('managed login style as the pages apply it', () => {
  it('maps the colours and radii it knows; values that are not colours or radii are left out', () => {
    const { css } = managedLoginPage(style({
      components: { primaryButton: { lightMode: { defaults: { backgroundColor: 'AABBCCDD', textColor: '000000' } } }, form: { borderRadius: 4 } },
      componentClasses: { input: { borderRadius: 70, lightMode: { defaults: { borderColor: '12345g' } } } },
    }));
    assert.match(css, /main\{border-radius:4px\}/);
    assert.match(css, /button\{background-color:#aabbccdd;color:#000000\}/);
    assert.doesNotMatch(css, /70px|12345g/);
    assert.match(css, /:root\{color-scheme:light\}/);
    assert.doesNotMatch(css, /@media/);
  });

  it('applies the dark values for DARK, and both (dark under prefers-color-scheme) for DYNAMIC', () => {
    const settings = (mode: string) => merged(DEFAULT_BRANDING_SETTINGS, { categories: { global: { colorSchemeMode: mode } } });
    const dark = managedLoginPage(style(settings('DARK'))).css;
    assert.match(dark, /body\{background-color:#0f1b2aff;color:#b6bec9ff\}/);
    assert.doesNotMatch(dark, /#ffffffff;color:#414d5cff/);
    const dynamic = managedLoginPage(style(settings('DYNAMIC'))).css;
    assert.match(dynamic, /body\{background-color:#ffffffff;color:#414d5cff\}.*@media \(prefers-color-scheme: dark\)\{:root\{color-scheme:dark\}body\{background-color:#0f1b2aff;color:#b6bec9ff\}/);
  });

  it('shows header, footer, logos, favicons and graphics only when enabled and given, by URL', () => {
    const assets: StyleSource['assets'] = [
      { Category: 'PAGE_HEADER_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: 'AAAA' },
      { Category: 'PAGE_HEADER_LOGO', ColorMode: 'DARK', Extension: 'SVG', Bytes: 'AAAA' },
      { Category: 'FORM_LOGO', ColorMode: 'DYNAMIC', Extension: 'WEBP', Bytes: 'AAAA' },
      { Category: 'FAVICON_ICO', ColorMode: 'DYNAMIC', Extension: 'ICO', Bytes: 'AAAA' },
      { Category: 'EMAIL_GRAPHIC', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: 'AAAA' },
    ];
    const off = managedLoginPage(style(DEFAULT_BRANDING_SETTINGS, assets));
    assert.equal(off.header, undefined);
    assert.equal(off.footer, undefined);
    assert.equal(off.formLogo, undefined);
    assert.deepEqual(off.favicons, [{ href: `/managed-login/assets/us-east-1_abc/${STYLE_ID}/FAVICON_ICO/DYNAMIC.ico?v=7`, type: 'image/x-icon' }]);
    assert.equal(off.graphics.EMAIL_OTP?.src, `/managed-login/assets/us-east-1_abc/${STYLE_ID}/EMAIL_GRAPHIC/LIGHT.png?v=7`);
    const on = managedLoginPage(style(merged(DEFAULT_BRANDING_SETTINGS, {
      categories: { global: { colorSchemeMode: 'DYNAMIC', pageHeader: { enabled: true }, pageFooter: { enabled: true } }, form: { displayGraphics: false } },
      components: { pageHeader: { logo: { enabled: true, location: 'END' } }, form: { logo: { enabled: true, formInclusion: 'OUT' } } },
    }), assets));
    assert.deepEqual(on.header, {
      logo: { src: `/managed-login/assets/us-east-1_abc/${STYLE_ID}/PAGE_HEADER_LOGO/LIGHT.png?v=7`, darkSrc: `/managed-login/assets/us-east-1_abc/${STYLE_ID}/PAGE_HEADER_LOGO/DARK.svg?v=7` },
    });
    assert.deepEqual(on.footer, {});
    assert.equal(on.formLogo?.outside, true);
    assert.deepEqual(on.graphics, {});
    assert.match(on.css, /\.page-header\{justify-content:flex-end\}/);
  });

  it('never lets anything but checked values through, whatever the document (fast-check)', () => {
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.stringMatching(/^[0-9a-fA-F]{6,8}$/),
      fc.constantFrom('LIGHT', 'DARK', 'DYNAMIC', 'START', 'END', 'OUT', 'COMPACT', 'ICO'));
    const doc = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('components', 'componentClasses', 'categories', 'global', 'colorSchemeMode', 'primaryButton', 'lightMode', 'darkMode',
          'defaults', 'backgroundColor', 'textColor', 'pageBackground', 'color', 'form', 'borderRadius', 'link', 'input', 'buttons', 'pageText',
          'headingColor', 'bodyColor', 'hover', 'image', 'enabled', 'logo', 'location', 'spacingDensity', 'pageHeader', '__proto__'), tie('node'))),
    })).node;
    const value = '(#[0-9a-f]{6}([0-9a-f]{2})?|[0-9.]+(px|rem)|0|light|dark|cover|center|flex-start|flex-end|url\\("/managed-login/assets/[\\w/.?=-]+"\\))';
    const rule = new RegExp(`^([a-z0-9:.,#\\- ]+\\{([a-z-]+:${value};?)+\\}|@media \\(prefers-color-scheme: dark\\)\\{|\\})*$`);
    fc.assert(fc.property(doc, (settings) => {
      const page = managedLoginPage(style(settings, [{ Category: 'PAGE_BACKGROUND', ColorMode: 'DARK', Extension: 'PNG', Bytes: 'AAAA' }]));
      assert.match(page.css.replace(/(\}|\{)(?=[:@a-z.])/g, '$1'), rule);
      assert.doesNotMatch(page.css, /[<>\\;]{2}|<\//);
    }), { numRuns: 500 });
  });

  it('knows an image by its leading bytes, an SVG by its root element', () => {
    assert.ok(bytesMatchExtension('PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])));
    assert.ok(!bytesMatchExtension('PNG', Buffer.from('GIF89a')));
    assert.ok(bytesMatchExtension('ICO', Buffer.from([0, 0, 1, 0, 1, 0])));
    assert.ok(bytesMatchExtension('SVG', Buffer.from('<?xml version="1.0"?>\n<!-- x --><svg xmlns="http://www.w3.org/2000/svg"/>')));
    assert.ok(!bytesMatchExtension('SVG', Buffer.from('<html><svg></svg></html>')));
    assert.ok(!bytesMatchExtension('WEBP', Buffer.from('RIFF0000WAVE')));
  });
});

describe('TOTP set-up page', () => {
  it('encodes the issuer and account of the otpauth URI', () => {
    assert.equal(otpauthUri('My pool', 'ana@example.com', 'ABCDEFGHIJKLMNOP'),
      'otpauth://totp/My%20pool:ana%40example.com?secret=ABCDEFGHIJKLMNOP&issuer=My%20pool');
  });

  it('escapes what a page shows, the carried values and choices included', () => {
    const html = renderPage({
      lang: 'en', title: '<t>', branding: {},
      qr: { src: 'data:image/svg+xml;base64,AA', alt: '"alt"', label: 'key', text: '<secret>' },
      form: {
        action: '/challenge?a=1&b=2', hidden: { SECRET: '"><script>' }, fields: [], submit: 'Go',
        choice: { name: 'ANSWER', legend: 'Pick', options: [{ value: '"x', label: '<y>' }] },
      },
    });
    assert.doesNotMatch(html, /<script|<secret>|<y>|<t>/);
    assert.match(html, /action="\/challenge\?a=1&amp;b=2"/);
  });

  it('shows a style\'s factor graphics in a choice, its header, footer, favicons and a secondary button', () => {
    const page = managedLoginPage(style(merged(DEFAULT_BRANDING_SETTINGS, {
      categories: { global: { colorSchemeMode: 'DYNAMIC', pageHeader: { enabled: true }, pageFooter: { enabled: true } } },
      components: { pageFooter: { logo: { enabled: true } } },
    }), [
      { Category: 'SMS_GRAPHIC', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: 'AAAA' },
      { Category: 'SMS_GRAPHIC', ColorMode: 'DARK', Extension: 'PNG', Bytes: 'AAAA' },
      { Category: 'PAGE_FOOTER_LOGO', ColorMode: 'DYNAMIC', Extension: 'SVG', Bytes: 'AAAA' },
      { Category: 'FAVICON_SVG', ColorMode: 'DYNAMIC', Extension: 'SVG', Bytes: 'AAAA' },
    ]));
    const html = renderPage({
      lang: 'en', title: 'Pick', branding: { css: page.css, managedLogin: page },
      form: { action: '/x', hidden: {}, fields: [], submit: 'Go', choice: { name: 'ANSWER', legend: 'How', options: [{ value: 'SMS_MFA', label: 'Text' }, { value: 'EMAIL_OTP', label: 'Email' }] } },
      secondary: { label: 'Not now', href: '/skip?a=1&b=2' },
    });
    const asset = (c: string, m: string, e: string) => `/managed-login/assets/us-east-1_abc/${STYLE_ID}/${c}/${m}.${e}?v=7`;
    assert.ok(html.includes(`<picture><source media="(prefers-color-scheme: dark)" srcset="${asset('SMS_GRAPHIC', 'DARK', 'png')}"><img class="graphic" src="${asset('SMS_GRAPHIC', 'LIGHT', 'png')}" alt=""></picture>Text</label>`));
    assert.match(html, /value="EMAIL_OTP" required>Email<\/label>/, 'no graphic without its asset');
    assert.ok(html.includes(`<link rel="icon" href="${asset('FAVICON_SVG', 'DYNAMIC', 'svg')}" type="image/svg+xml">`));
    assert.match(html, /<body><header class="page-header"><\/header>/);
    assert.ok(html.includes(`<footer class="page-footer"><img src="${asset('PAGE_FOOTER_LOGO', 'DYNAMIC', 'svg')}" alt=""></footer></body>`));
    assert.match(html, /<a class="secondary" href="\/skip\?a=1&amp;b=2">Not now<\/a>/);
  });
});
