/**
 * A managed login style on the pages in Chromium: its light and dark values (colorSchemeMode
 * DYNAMIC follows the browser's prefers-color-scheme, emulated), its header and footer with their
 * logos, its favicons and form logo served from a path with their own type, nosniff and a
 * sandboxing policy; axe-core in both modes, on Cognito's default style too; screenshots kept
 * under .tmp/artifacts/branding/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { CreateManagedLoginBrandingCommand, DescribeManagedLoginBrandingByClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser as Chromium, Page } from 'playwright-core';
import { axeViolations, chromiumSkip, launchChromium } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { CALLBACK, setUpOAuthPool, type OAuthApp } from '../oauth/helpers.ts';

const ARTIFACTS = path.resolve('.tmp/artifacts/branding');

/** What the tests read of the DOM (the project compiles without the DOM's types). */
interface Img { currentSrc: string; naturalWidth: number }
interface Window { getComputedStyle(el: unknown): { getPropertyValue(property: string): string } }

/** A one-pixel PNG of one colour. */
function png(r: number, g: number, b: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, r, g, b]))), chunk('IEND', Buffer.alloc(0)),
  ]);
}
const LIGHT_LOGO = png(91, 33, 182);
const DARK_LOGO = png(196, 181, 253);
const FOOTER_LOGO = png(17, 24, 39);
const SVG_ICON = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#5b21b6"/></svg>');
/** An ICO directory holding one 1×1 PNG image. */
const ICO = (() => {
  const image = png(91, 33, 182);
  const dir = Buffer.alloc(22);
  dir.set([0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 32, 0], 0);
  dir.writeUInt32LE(image.length, 14);
  dir.writeUInt32LE(22, 18);
  return Buffer.concat([dir, image]);
})();

const LIGHT = {
  page: 'f5f3ffff', form: 'ffffffff', text: '1f2937ff', heading: '111827ff', button: '5b21b6ff', buttonText: 'ffffffff', link: '5b21b6ff', header: 'ede9feff',
};
const DARK = {
  page: '111827ff', form: '1f2937ff', text: 'e5e7ebff', heading: 'f9fafbff', button: 'c4b5fdff', buttonText: '111827ff', link: 'c4b5fdff', header: '312e81ff',
};
const rgb = (hex: string) => `rgb(${parseInt(hex.slice(0, 2), 16)}, ${parseInt(hex.slice(2, 4), 16)}, ${parseInt(hex.slice(4, 6), 16)})`;
const modeSettings = (c: typeof LIGHT) => ({
  pageBackground: { color: c.page }, form: { backgroundColor: c.form, borderColor: c.text },
  pageText: { bodyColor: c.text, headingColor: c.heading, descriptionColor: c.text },
  primaryButton: { defaults: { backgroundColor: c.button, textColor: c.buttonText }, hover: { backgroundColor: c.button, textColor: c.buttonText } },
  pageHeader: { background: { color: c.header } }, pageFooter: { background: { color: c.header } },
});

describe('a managed login style in Chromium, light and dark', { skip: chromiumSkip }, () => {
  let server: TestServer;
  let app: OAuthApp;
  let chrome: Chromium;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer();
    app = await setUpOAuthPool(server, 'styled');
    const light = modeSettings(LIGHT);
    const dark = modeSettings(DARK);
    const split = (name: keyof typeof light) => ({ lightMode: light[name], darkMode: dark[name] });
    await server.client.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: app.poolId, ClientId: app.clientId,
      Settings: {
        categories: { global: { colorSchemeMode: 'DYNAMIC', pageHeader: { enabled: true }, pageFooter: { enabled: true }, spacingDensity: 'COMPACT' } },
        components: {
          pageBackground: split('pageBackground'), pageText: split('pageText'), primaryButton: split('primaryButton'),
          form: { ...split('form'), borderRadius: 16, logo: { enabled: true, location: 'CENTER', position: 'TOP', formInclusion: 'IN' } },
          pageHeader: { ...split('pageHeader'), logo: { enabled: true, location: 'START' } },
          pageFooter: { ...split('pageFooter'), logo: { enabled: true, location: 'END' } },
          favicon: { enabledTypes: ['ICO', 'SVG'] },
        },
        componentClasses: {
          link: { lightMode: { defaults: { textColor: LIGHT.link } }, darkMode: { defaults: { textColor: DARK.link } } },
          input: { lightMode: { defaults: { backgroundColor: 'ffffffff', borderColor: '6b7280ff' } }, darkMode: { defaults: { backgroundColor: '111827ff', borderColor: '9ca3afff' } } },
          inputLabel: { lightMode: { textColor: LIGHT.heading }, darkMode: { textColor: DARK.text } },
          buttons: { borderRadius: 20 },
        },
      },
      Assets: [
        { Category: 'PAGE_HEADER_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: LIGHT_LOGO },
        { Category: 'PAGE_HEADER_LOGO', ColorMode: 'DARK', Extension: 'PNG', Bytes: DARK_LOGO },
        { Category: 'PAGE_FOOTER_LOGO', ColorMode: 'DYNAMIC', Extension: 'PNG', Bytes: FOOTER_LOGO },
        { Category: 'FORM_LOGO', ColorMode: 'DYNAMIC', Extension: 'SVG', Bytes: SVG_ICON },
        { Category: 'FAVICON_ICO', ColorMode: 'DYNAMIC', Extension: 'ICO', Bytes: ICO },
        { Category: 'FAVICON_SVG', ColorMode: 'DYNAMIC', Extension: 'SVG', Bytes: SVG_ICON },
      ],
    }));
    // Cognito's default style, and the default style with both colour schemes.
    await server.client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: app.poolId, ClientId: app.otherClientId, UseCognitoProvidedValues: true }));
    await server.client.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: app.poolId, ClientId: app.secretClientId, Settings: { categories: { global: { colorSchemeMode: 'DYNAMIC' } } },
    }));
    chrome = await launchChromium();
  });
  after(async () => {
    await chrome?.close();
    await server?.stop();
  });

  const loginUrl = (clientId: string) =>
    `${server.url}/login?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope: 'openid' })}`;

  /** The page in one colour scheme, a screenshot, and axe-core's verdict. */
  async function open(clientId: string, scheme: 'light' | 'dark', name: string): Promise<Page> {
    // axe-core is added as a script: the test's context bypasses the pages' CSP for it.
    const page = await (await chrome.newContext({ bypassCSP: true })).newPage();
    await page.emulateMedia({ colorScheme: scheme });
    const response = await page.goto(loginUrl(clientId));
    assert.equal(response?.status(), 200);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${scheme}.png`), fullPage: true });
    assert.deepEqual(await axeViolations(page), [], `axe on ${name} (${scheme})`);
    return page;
  }

  const computed = (page: Page, selector: string, property: string) =>
    page.$eval(selector, (el, p) => (globalThis as unknown as Window).getComputedStyle(el).getPropertyValue(p), property);

  for (const [scheme, c, logo] of [['light', LIGHT, LIGHT_LOGO], ['dark', DARK, DARK_LOGO]] as const) {
    it(`renders the ${scheme} values when the browser prefers ${scheme}`, async () => {
      const page = await open(app.clientId, scheme, 'styled');
      try {
        assert.equal(await computed(page, 'body', 'background-color'), rgb(c.page));
        assert.equal(await computed(page, 'body', 'color'), rgb(c.text));
        assert.equal(await computed(page, 'main', 'background-color'), rgb(c.form));
        assert.equal(await computed(page, 'main', 'border-top-left-radius'), '16px');
        assert.equal(await computed(page, 'h1', 'color'), rgb(c.heading));
        assert.equal(await computed(page, 'button[type=submit]', 'background-color'), rgb(c.button));
        assert.equal(await computed(page, 'button[type=submit]', 'color'), rgb(c.buttonText));
        assert.equal(await computed(page, 'button[type=submit]', 'border-top-left-radius'), '20px');
        assert.equal(await computed(page, 'nav a', 'color'), rgb(c.link));
        assert.equal(await computed(page, 'header.page-header', 'background-color'), rgb(c.header));
        assert.equal(await computed(page, 'header.page-header', 'justify-content'), 'flex-start');
        assert.equal(await computed(page, 'footer.page-footer', 'justify-content'), 'flex-end');
        // The header's logo is the scheme's own image; the browser loaded it from the asset route.
        const headerLogo = await page.$eval('header.page-header img', (img) => (img as unknown as Img).currentSrc);
        assert.match(headerLogo, new RegExp(`/PAGE_HEADER_LOGO/${scheme === 'light' ? 'LIGHT' : 'DARK'}\\.png\\?v=\\d+$`));
        assert.deepEqual(Buffer.from(await (await fetch(headerLogo)).arrayBuffer()), logo);
        assert.ok(await page.$eval('header.page-header img', (img) => (img as unknown as Img).naturalWidth === 1), 'the logo decoded');
        assert.ok(await page.$eval('footer.page-footer img', (img) => (img as unknown as Img).naturalWidth === 1));
        assert.ok(await page.$eval('main .logo img', (img) => (img as unknown as Img).naturalWidth > 0), 'the SVG form logo decoded');
      } finally {
        await page.context().close();
      }
    });
  }

  it('links its favicons, served with their type, nosniff and a policy that runs nothing', async () => {
    const page = await open(app.clientId, 'light', 'styled-favicon');
    try {
      const icons = await page.$$eval('link[rel=icon]', (links) => links.map((l) => ({ href: (l as unknown as { href: string }).href, type: l.getAttribute('type') })));
      assert.deepEqual(icons.map((i) => i.type), ['image/x-icon', 'image/svg+xml']);
      const [ico, svg] = await Promise.all(icons.map((i) => fetch(i.href)));
      assert.equal(ico!.headers.get('content-type'), 'image/x-icon');
      assert.deepEqual(Buffer.from(await ico!.arrayBuffer()), ICO);
      assert.equal(svg!.headers.get('content-type'), 'image/svg+xml');
      assert.equal(svg!.headers.get('x-content-type-options'), 'nosniff');
      assert.match(svg!.headers.get('content-security-policy') ?? '', /default-src 'none'.*sandbox/);
      assert.deepEqual(Buffer.from(await svg!.arrayBuffer()), SVG_ICON);
      // The page's own policy lets images come from this origin only (and the QR code's data: URL).
      const pageResponse = await fetch(loginUrl(app.clientId));
      assert.match(pageResponse.headers.get('content-security-policy') ?? '', /img-src 'self' data:;/);
      // An asset the style does not have, or of another extension, is not found.
      assert.equal((await fetch(icons[0]!.href.replace('FAVICON_ICO/DYNAMIC.ico', 'FAVICON_ICO/LIGHT.ico'))).status, 404);
      assert.equal((await fetch(icons[0]!.href.replace('DYNAMIC.ico', 'DYNAMIC.png'))).status, 404);
    } finally {
      await page.context().close();
    }
  });

  it('shows an error in the style\'s alert colours, and passes axe-core in dark mode', async () => {
    const page = await (await chrome.newContext({ bypassCSP: true })).newPage();
    try {
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(loginUrl(app.clientId));
      await page.fill('input[name=username]', 'nobody');
      await page.fill('input[name=password]', 'Wrong-passw0rd');
      await page.click('button[type=submit]');
      await page.waitForSelector('[role=alert]');
      assert.equal(await computed(page, '.alert', 'background-color'), rgb('1a0000'));
      assert.equal(await computed(page, '.alert', 'color'), rgb(DARK.text));
      await page.screenshot({ path: path.join(ARTIFACTS, 'styled-error-dark.png'), fullPage: true });
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await page.context().close();
    }
  });

  it('applies Cognito\'s default style (light) and its dark values under DYNAMIC; both pass axe-core', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await open(app.otherClientId, scheme, 'default');
      assert.equal(await computed(page, 'body', 'background-color'), rgb('ffffff'), 'the default scheme is LIGHT');
      assert.equal(await computed(page, 'button[type=submit]', 'background-color'), rgb('0972d3'));
      assert.equal(await page.$('header.page-header'), null, 'no header by default');
      await page.context().close();
    }
    const dark = await open(app.secretClientId, 'dark', 'default-dynamic');
    assert.equal(await computed(dark, 'body', 'background-color'), rgb('0f1b2a'));
    assert.equal(await computed(dark, 'button[type=submit]', 'background-color'), rgb('539fe5'));
    await dark.context().close();
    const light = await open(app.secretClientId, 'light', 'default-dynamic');
    assert.equal(await computed(light, 'body', 'background-color'), rgb('ffffff'));
    await light.context().close();
    const merged = (await server.client.send(new DescribeManagedLoginBrandingByClientCommand({
      UserPoolId: app.poolId, ClientId: app.secretClientId, ReturnMergedResources: true,
    }))).ManagedLoginBranding!.Settings as { categories: { global: Record<string, unknown> }; components: { primaryButton: unknown } };
    assert.equal(merged.categories.global.colorSchemeMode, 'DYNAMIC');
    assert.deepEqual(merged.components.primaryButton, {
      lightMode: {
        defaults: { backgroundColor: '0972d3ff', textColor: 'ffffffff' }, hover: { backgroundColor: '033160ff', textColor: 'ffffffff' },
        active: { backgroundColor: '033160ff', textColor: 'ffffffff' }, disabled: { backgroundColor: 'ffffffff', borderColor: 'ffffffff' },
      },
      darkMode: {
        defaults: { backgroundColor: '539fe5ff', textColor: '000716ff' }, hover: { backgroundColor: '89bdeeff', textColor: '000716ff' },
        active: { backgroundColor: '539fe5ff', textColor: '000716ff' }, disabled: { backgroundColor: 'ffffffff', borderColor: 'ffffffff' },
      },
    });
    const own = (await server.client.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: app.poolId, ClientId: app.secretClientId })))
      .ManagedLoginBranding!.Settings;
    assert.deepEqual(own, { categories: { global: { colorSchemeMode: 'DYNAMIC' } } }, 'without ReturnMergedResources, only what the style set');
  });
});
