/**
 * Remembered devices through Amplify v6 in Node: a sign-in on a pool that tracks devices
 * confirms the new device itself (ConfirmDevice with the SRP verifier Amplify computes), then
 * rememberDevice, fetchDevices (the remembered device, named by its key) and forgetDevice (gone
 * from the listing, as the AWS SDK sees it too).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminListDevicesCommand, CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { fetchDevices, forgetDevice, rememberDevice, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { confirmedUser, PASSWORD } from '../../helpers/auth-flows.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { memoryTokenStorage } from '../../helpers/amplify-storage.ts';

let server: TestServer;
before(async () => { server = await startTestServer({}, { isolatedDatabase: true }); });
after(async () => { await server.stop(); });

describe('devices with Amplify v6', () => {
  const { tokenStorage } = memoryTokenStorage();

  it('signIn confirms the device; rememberDevice, fetchDevices and forgetDevice', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({
      PoolName: 'amplify-devices', DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true },
    }));
    const poolId = UserPool!.Id!;
    const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
    Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: UserPoolClient!.ClientId!, userPoolEndpoint: server.url } } });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(tokenStorage);
    await confirmedUser(server, poolId, 'dora');

    const signedIn = await signIn({ username: 'dora', password: PASSWORD });
    assert.equal(signedIn.isSignedIn, true);
    // Amplify confirmed the device it was given (ConfirmDevice); not remembered until asked.
    const before = await server.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'dora' }));
    assert.equal(before.Devices?.length, 1);
    const deviceKey = before.Devices![0]!.DeviceKey!;
    assert.equal(before.Devices![0]!.DeviceAttributes?.find((a) => a.Name === 'dev:device_remembered_status')?.Value, 'not_remembered');

    await rememberDevice();
    const devices = await fetchDevices();
    assert.deepEqual(devices.map((d) => d.id), [deviceKey]);
    const remembered = await server.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'dora' }));
    assert.equal(remembered.Devices![0]!.DeviceAttributes?.find((a) => a.Name === 'dev:device_remembered_status')?.Value, 'remembered');

    await forgetDevice();
    assert.deepEqual(await fetchDevices(), []);
    const after = await server.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'dora' }));
    assert.deepEqual(after.Devices, []);
    await signOut();
  });
});
