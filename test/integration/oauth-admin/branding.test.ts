/** Branding: classic UI customisation (CSS checked, logo) and managed login styles, and what the pages read. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateManagedLoginBrandingCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, CreateUserPoolDomainCommand,
  DeleteManagedLoginBrandingCommand, DeleteUserPoolClientCommand, DescribeManagedLoginBrandingByClientCommand, DescribeManagedLoginBrandingCommand,
  GetUICustomizationCommand, SetUICustomizationCommand, UpdateManagedLoginBrandingCommand, type AssetType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { DocumentType } from '@smithy/types';
import { brandingFor } from '../../../src/userPools/branding/index.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(32)]);

describe('branding', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  let otherClientId: string;
  before(async () => {
    server = await startTestServer();
    poolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'branding' }))).UserPool!.Id!;
    clientId = (await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' }))).UserPoolClient!.ClientId!;
    otherClientId = (await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'other' }))).UserPoolClient!.ClientId!;
  });
  after(async () => { await server.stop(); });

  it('customises the classic UI per pool and per client, once the pool has a domain', async () => {
    const noDomain = await errorOf(() => server.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: '' })));
    assert.equal(noDomain.name, 'InvalidParameterException');
    await server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `brand-${randomBytes(4).toString('hex')}` }));

    const css = '/* brand */ .banner-customizable { background-color: #123456; padding: 25px 0px }\n.submitButton-customizable:hover { color: white; }';
    const pool = (await server.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: css, ImageFile: PNG }))).UICustomization!;
    assert.equal(pool.ClientId, 'ALL');
    assert.equal(pool.CSS, '.banner-customizable { background-color: #123456; padding: 25px 0px; }\n.submitButton-customizable:hover { color: white; }');
    assert.equal(pool.ImageUrl, `data:image/png;base64,${PNG.toString('base64')}`);
    assert.ok(pool.CSSVersion);

    // A client without its own customisation gets the pool's.
    const inherited = (await server.client.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: otherClientId }))).UICustomization!;
    assert.equal(inherited.CSS, pool.CSS);
    await server.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId, CSS: '.logo-customizable { max-width: 60%; }' }));
    const own = (await server.client.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }))).UICustomization!;
    assert.equal(own.ClientId, clientId);
    assert.equal(own.CSS, '.logo-customizable { max-width: 60%; }');
    assert.equal(own.ImageUrl, undefined);

    const pages = await brandingFor(server.services, poolId, otherClientId);
    assert.equal(pages.classic.css, pool.CSS);
    assert.equal(pages.classic.logo?.contentType, 'image/png');
    assert.deepEqual(pages.classic.logo?.bytes, PNG);

    // A deleted client's customisation goes with it.
    const gone = (await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'gone' }))).UserPoolClient!.ClientId!;
    await server.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: gone, CSS: '.logo-customizable { width: 1px; }' }));
    await server.client.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: gone }));
    assert.equal(await server.services.store.uiCustomizations.get(poolId, gone), undefined);
  });

  it('refuses CSS that is not the customisable classes and safe values, and images that are not PNG or JPEG', async () => {
    for (const css of [
      'body { color: red; }',
      '.banner-customizable { background-image: url(https://evil.example/x.png); }',
      '.banner-customizable { background: url(javascript:alert(1)); }',
      '.banner-customizable { color: red; } </style><script>alert(1)</script>',
      '@import "https://evil.example/x.css";',
      '.banner-customizable { behavior: expression(alert(1)); }',
      '.banner-customizable { color: \\72 ed; }',
      '.banner-customizable { color: red; /* unterminated',
    ]) {
      const e = await errorOf(() => server.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: css })));
      assert.equal(e.name, 'InvalidParameterException', css);
    }
    const gif = await errorOf(() => server.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ImageFile: Buffer.from('GIF89a....') })));
    assert.equal(gif.name, 'InvalidParameterException');
    const unknown = await errorOf(() => server.client.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'nosuchclient' })));
    assert.equal(unknown.name, 'ResourceNotFoundException');
  });

  it('creates, describes, updates and deletes a managed login style, one per client', async () => {
    const settings = { categories: { global: { colorSchemeMode: 'DARK' } } };
    const assets = [{ Category: 'PAGE_HEADER_LOGO' as const, ColorMode: 'LIGHT' as const, Extension: 'PNG' as const, Bytes: PNG }];
    const created = (await server.client.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: poolId, ClientId: clientId, Settings: settings, Assets: assets,
    }))).ManagedLoginBranding!;
    assert.match(created.ManagedLoginBrandingId!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(created.UseCognitoProvidedValues, false);
    assert.deepEqual(created.Settings, settings);
    assert.deepEqual(Buffer.from(created.Assets![0]!.Bytes!), PNG);

    const again = await errorOf(() => server.client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId })));
    assert.equal(again.name, 'ManagedLoginBrandingExistsException');
    const both = await errorOf(() => server.client.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: poolId, ClientId: otherClientId, UseCognitoProvidedValues: true, Settings: settings,
    })));
    assert.equal(both.name, 'InvalidParameterException');

    const byClient = (await server.client.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId }))).ManagedLoginBranding!;
    assert.equal(byClient.ManagedLoginBrandingId, created.ManagedLoginBrandingId);
    const mergedStyle = (await server.client.send(new DescribeManagedLoginBrandingCommand({
      UserPoolId: poolId, ManagedLoginBrandingId: created.ManagedLoginBrandingId!, ReturnMergedResources: true,
    }))).ManagedLoginBranding!;
    const mergedSettings = mergedStyle.Settings as { categories: { global: { colorSchemeMode: string }; form?: unknown } };
    assert.equal(mergedSettings.categories.global.colorSchemeMode, 'DARK');
    assert.ok(mergedSettings.categories.form, 'defaults filled in');

    const updated = (await server.client.send(new UpdateManagedLoginBrandingCommand({
      UserPoolId: poolId, ManagedLoginBrandingId: created.ManagedLoginBrandingId!, UseCognitoProvidedValues: true,
    }))).ManagedLoginBranding!;
    assert.equal(updated.UseCognitoProvidedValues, true);
    assert.deepEqual(updated.Assets, []);
    const pages = await brandingFor(server.services, poolId, clientId);
    assert.ok(pages.managedLogin);

    await server.client.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: created.ManagedLoginBrandingId! }));
    const gone = await errorOf(() => server.client.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal((await brandingFor(server.services, poolId, clientId)).managedLogin, undefined);
  });

  it('refuses a managed login style\'s bad settings and assets with Cognito\'s errors, on Create and Update', async () => {
    const client = (await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'styled' }))).UserPoolClient!.ClientId!;
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const cases: [string, { Settings?: DocumentType; Assets?: AssetType[]; UseCognitoProvidedValues?: boolean }, RegExp][] = [
      ['a colour scheme that is not one of Cognito\'s', { Settings: { categories: { global: { colorSchemeMode: 'SEPIA' } } } }, /colorSchemeMode/],
      ['a colour that is not hex', { Settings: { components: { pageBackground: { darkMode: { color: 'url(x)' } } } } }, /components\.pageBackground\.darkMode\.color/],
      ['defaults and assets together', { UseCognitoProvidedValues: true, Assets: [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG }] }, /UseCognitoProvidedValues/],
      ['a favicon of the wrong extension', { Assets: [{ Category: 'FAVICON_ICO', ColorMode: 'DYNAMIC', Extension: 'PNG', Bytes: PNG }] }, /Extension PNG/],
      ['an ICO as a logo', { Assets: [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'ICO', Bytes: Buffer.from([0, 0, 1, 0, 1, 0]) }] }, /Extension ICO/],
      ['bytes that are not the extension\'s image', { Assets: [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: Buffer.from('GIF89a....') }] }, /not a valid PNG/],
      ['HTML as an SVG', { Assets: [{ Category: 'FAVICON_SVG', ColorMode: 'DYNAMIC', Extension: 'SVG', Bytes: Buffer.from('<html><script>alert(1)</script></html>') }] }, /not a valid SVG/],
      ['an asset without bytes or id', { Assets: [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG' }] }, /Bytes or a ResourceId/],
      ['two assets of one category and mode', {
        Assets: [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG }, { Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'SVG', Bytes: svg }],
      }, /Duplicate asset/],
      ['a browser-adaptive asset beside a light one', {
        Assets: [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG }, { Category: 'FORM_LOGO', ColorMode: 'DYNAMIC', Extension: 'SVG', Bytes: svg }],
      }, /DYNAMIC/],
    ];
    for (const [what, input, message] of cases) {
      const e = await errorOf(() => server.client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: client, ...input })));
      assert.equal(e.name, 'InvalidParameterException', what);
      assert.match(e.message, message, what);
    }
    // The model's limit: at most 40 assets.
    const many = Array.from({ length: 41 }, () => ({ Category: 'FORM_LOGO' as const, ColorMode: 'LIGHT' as const, Extension: 'PNG' as const, Bytes: PNG }));
    assert.equal((await errorOf(() => server.client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: client, Assets: many })))).name, 'InvalidParameterException');
    // An asset of Cognito's largest size goes through (the 2 MB request limit of these operations); a byte more does not.
    const largest = Buffer.concat([PNG, Buffer.alloc(1_000_000 - PNG.length)]);
    const tooBig = await errorOf(() => server.client.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: poolId, ClientId: client, Assets: [{ Category: 'PAGE_BACKGROUND', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: Buffer.concat([largest, Buffer.alloc(1)]) }],
    })));
    assert.equal(tooBig.name, 'InvalidParameterException');
    const other = (await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'large' }))).UserPoolClient!.ClientId!;
    const large = (await server.client.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: poolId, ClientId: other, Assets: [{ Category: 'PAGE_BACKGROUND', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: largest }],
    }))).ManagedLoginBranding!;
    assert.equal(large.Assets![0]!.Bytes!.length, 1_000_000);
    // Other operations keep the server's 1 MB limit.
    const css = await errorOf(() => server.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: 'a'.repeat(1_100_000) })));
    assert.equal(css.name, 'SerializationException');
    // Nothing was created; a good style is, and Update checks the same way.
    const created = (await server.client.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: poolId, ClientId: client, Assets: [{ Category: 'FAVICON_SVG', ColorMode: 'DYNAMIC', Extension: 'SVG', Bytes: svg }],
    }))).ManagedLoginBranding!;
    const update = await errorOf(() => server.client.send(new UpdateManagedLoginBrandingCommand({
      UserPoolId: poolId, ManagedLoginBrandingId: created.ManagedLoginBrandingId!, Settings: { categories: { global: { colorSchemeMode: 'dark' } } },
    })));
    assert.equal(update.name, 'InvalidParameterException');
    const kept = (await server.client.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: created.ManagedLoginBrandingId! }))).ManagedLoginBranding!;
    assert.deepEqual(Buffer.from(kept.Assets![0]!.Bytes!), svg);
    assert.equal(kept.Settings, undefined);
  });

  it('updates a style by merging: settings not sent and assets of other categories and modes are kept, also when updates race', async () => {
    const client = (await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'merged' }))).UserPoolClient!.ClientId!;
    const dark = Buffer.concat([PNG, Buffer.from('dark')]);
    const created = (await server.client.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: poolId, ClientId: client,
      Settings: { categories: { global: { colorSchemeMode: 'DYNAMIC' } }, components: { form: { borderRadius: 4 } } },
      Assets: [
        { Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG },
        { Category: 'FORM_LOGO', ColorMode: 'DARK', Extension: 'PNG', Bytes: dark },
        { Category: 'PAGE_BACKGROUND', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG },
      ],
    }))).ManagedLoginBranding!;
    const id = created.ManagedLoginBrandingId!;
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const updated = (await server.client.send(new UpdateManagedLoginBrandingCommand({
      UserPoolId: poolId, ManagedLoginBrandingId: id,
      Settings: { components: { form: { borderRadius: 12 }, pageBackground: { lightMode: { color: 'f0f0f0ff' } } } },
      Assets: [{ Category: 'FORM_LOGO', ColorMode: 'DYNAMIC', Extension: 'SVG', Bytes: svg }],
    }))).ManagedLoginBranding!;
    assert.deepEqual(updated.Settings, {
      categories: { global: { colorSchemeMode: 'DYNAMIC' } },
      components: { form: { borderRadius: 12 }, pageBackground: { lightMode: { color: 'f0f0f0ff' } } },
    });
    assert.deepEqual(updated.Assets!.map((a) => `${a.Category}/${a.ColorMode}`).sort(), ['FORM_LOGO/DYNAMIC', 'PAGE_BACKGROUND/LIGHT']);

    // Ten updates at once, each setting its own colour: every one is kept.
    const keys = Array.from({ length: 10 }, (_, i) => `item${i}`);
    await Promise.all(keys.map((key, i) => server.client.send(new UpdateManagedLoginBrandingCommand({
      UserPoolId: poolId, ManagedLoginBrandingId: id,
      Settings: { components: { race: { [key]: { textColor: `00000${i}ff` } } } },
    }))));
    const after = (await server.client.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id }))).ManagedLoginBranding!;
    const race = (after.Settings as { components: { race: Record<string, unknown> } }).components.race;
    assert.deepEqual(Object.keys(race).sort(), keys);

    // A default style describes no settings of its own; ReturnMergedResources gives the defaults.
    await server.client.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, UseCognitoProvidedValues: true }));
    const plain = (await server.client.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id }))).ManagedLoginBranding!;
    assert.equal(plain.Settings, undefined);
    const full = (await server.client.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, ReturnMergedResources: true })))
      .ManagedLoginBranding!.Settings as { categories: { global: { colorSchemeMode: string } }; components: { form: { borderRadius: number } } };
    assert.equal(full.categories.global.colorSchemeMode, 'LIGHT');
    assert.equal(full.components.form.borderRadius, 8);
  });
});
