// Polku on Azure: one Linux App Service (Node 20) running the bot and the tab, one Storage
// account used for Table Storage only, one user-assigned managed identity used both as the
// bot's identity and to reach the tables, and the Azure Bot with its Teams channel.
// No secret is created or stored: the bot and the storage use the managed identity.
// teamsapp.yml deploys this file with azure.parameters.json and writes the outputs to env/.

@maxLength(20)
@minLength(4)
@description('Used to name every resource: the web app is <resourceBaseName>.azurewebsites.net')
param resourceBaseName string

@description('App Service plan size; B1 is enough for a wellbeing services county (see README)')
param webAppSku string = 'B1'

@description('Storage redundancy: LRS keeps three copies in one datacentre, ZRS across zones')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Node.js runtime of the web app')
param linuxFxVersion string = 'NODE|20-lts'

@maxLength(42)
@description('Name of the Azure Bot resource as shown in the Azure portal')
param botDisplayName string

@description('Client id of the Entra app for the tab\'s single sign-on (aadApp/create in teamsapp.yml)')
param aadAppClientId string

@description('Prefix of the table names')
param tablePrefix string = 'polku'

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

param location string = resourceGroup().location

// Storage account names: 3–24 lower-case letters and digits, unique in Azure.
var storageAccountName = take('st${toLower(replace(resourceBaseName, '-', ''))}', 24)
// Built-in role "Storage Table Data Contributor".
var tableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: resourceBaseName
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, tableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      // The deployed folder holds the compiled server (dist/), the built tab and production
      // node_modules only (see teamsapp.yml): plain node, no TypeScript at run time.
      appCommandLine: 'node dist/bot/index.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppId'
          value: identity.properties.clientId
        }
        {
          name: 'MicrosoftAppTenantId'
          value: identity.properties.tenantId
        }
        {
          name: 'AZURE_TABLES_ACCOUNT_URL'
          value: 'https://${storage.name}.table.${environment().suffixes.storage}'
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'POLKU_TABLE_PREFIX'
          value: tablePrefix
        }
        {
          name: 'POLKU_DEMO'
          value: 'off'
        }
        {
          name: 'AAD_APP_CLIENT_ID'
          value: aadAppClientId
        }
        {
          // Never the demo user without sign-in on Azure, even with AAD_APP_CLIENT_ID left empty.
          name: 'POLKU_TAB_PREVIEW'
          value: 'off'
        }
        {
          name: 'LOG_LEVEL'
          value: logLevel
        }
      ]
    }
  }
  // The identity must hold its role on the tables before the server starts and creates them.
  dependsOn: [
    tableDataContributor
  ]
}

// FTP with a user name and password is not needed: deployment uses Entra ID.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

// The Azure Bot, with the managed identity as the bot's identity, and its Teams channel.
module azureBotRegistration './botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    resourceBaseName: resourceBaseName
    botDisplayName: botDisplayName
    identityResourceId: identity.id
    identityClientId: identity.properties.clientId
    identityTenantId: identity.properties.tenantId
    botAppDomain: webApp.properties.defaultHostName
  }
}

// Written to env/.env.<environment> by arm/deploy. Visit https://aka.ms/teamsfx-actions/arm-deploy.
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.name
