/**
 * What nested app authentication needs of the project files: the Entra app lets the Teams and
 * Microsoft 365 hosts broker the tab's own sign-in (the `brk-multihub://<tab domain>` SPA
 * redirect), for the same domain the Teams manifest names; and the server lets in exactly the
 * host clients aad.manifest.json pre-authorises.
 */
import { HOST_CLIENT_IDS, TAB_SCOPE } from '../../bot/api/auth';
import { read } from './project';

interface AadManifest {
  identifierUris: string[];
  spa: { redirectUris: string[] };
  api: {
    oauth2PermissionScopes: { value: string }[];
    preAuthorizedApplications: { appId: string }[];
  };
}

const aad = JSON.parse(read('aad.manifest.json')) as AadManifest;
const teams = JSON.parse(read('appPackage/manifest.json')) as {
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
};

describe('nested app authentication in the project files', () => {
  it("has the brokered redirect for the tab's domain among the Entra app's SPA redirect URIs", () => {
    expect(aad.spa.redirectUris).toContain('brk-multihub://${{TAB_DOMAIN}}');
    expect(teams.validDomains).toContain('${{TAB_DOMAIN}}');
  });

  it('the tab asks for the scope the Entra app exposes, on the resource the Teams manifest names', () => {
    expect(aad.api.oauth2PermissionScopes.map((s) => s.value)).toEqual([TAB_SCOPE]);
    expect(teams.webApplicationInfo).toEqual({
      id: '${{AAD_APP_CLIENT_ID}}',
      resource: 'api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}',
    });
    expect(aad.identifierUris).toEqual([teams.webApplicationInfo.resource]);
  });

  it("the server's host clients are exactly the pre-authorised applications", () => {
    expect([...HOST_CLIENT_IDS].sort()).toEqual(aad.api.preAuthorizedApplications.map((a) => a.appId).sort());
  });
});
