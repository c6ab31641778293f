/**
 * Pure parts of the managed login pages: a managed login style's settings as CSS (any JSON in,
 * only checked colours and radii out, fast-check), its form logo, the otpauth URI of the TOTP
 * set-up page, and the page HTML escaping what it is given.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { managedLoginCss, managedLoginLogo } from '../../src/userPools/oauth/managed-login-style.ts';
import { otpauthUri } from '../../src/server/surfaces/hosted-ui.ts';
import { renderPage } from '../../src/server/pages/render.ts';

describe('managed login style as CSS', () => {
  it('maps the light-mode colours and radii it knows', () => {
    const css = managedLoginCss({
      components: { primaryButton: { lightMode: { defaults: { backgroundColor: 'AABBCCDD', textColor: '000000' } } }, form: { borderRadius: 4 } },
      componentClasses: { input: { borderRadius: 70, lightMode: { defaults: { borderColor: '12345g' } } } },
    });
    assert.equal(css, 'main{border-radius:4px}button{background:#aabbccdd;color:#000000}');
  });

  it('never lets anything but checked values through, whatever the document (fast-check)', () => {
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.stringMatching(/^[0-9a-fA-F]{6,8}$/));
    const doc = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('components', 'componentClasses', 'primaryButton', 'lightMode', 'defaults', 'backgroundColor', 'textColor',
          'pageBackground', 'color', 'form', 'borderRadius', 'link', 'input', 'buttons', 'pageText', 'headingColor', 'bodyColor', 'hover', '__proto__'), tie('node'))),
    })).node;
    fc.assert(fc.property(doc, (settings) => {
      const css = managedLoginCss(settings);
      assert.match(css, /^([a-z0-9:]+\{([a-z-]+:(#[0-9a-f]{6}([0-9a-f]{2})?|\d{1,2}px);?)+\})*$/);
    }), { numRuns: 500 });
  });

  it('takes the light or adaptive form logo of a known image type', () => {
    assert.equal(managedLoginLogo([{ Category: 'FORM_LOGO', ColorMode: 'DARK', Extension: 'PNG', Bytes: 'AAAA' }]), undefined);
    assert.equal(managedLoginLogo([{ Category: 'FORM_LOGO', ColorMode: 'DYNAMIC', Extension: 'SVG', Bytes: 'PHN2Zz4=' }]), 'data:image/svg+xml;base64,PHN2Zz4=');
    assert.equal(managedLoginLogo([{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: 'AA"><script>' }]), undefined);
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
});
