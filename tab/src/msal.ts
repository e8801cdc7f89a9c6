/** MSAL's nestable client: a module of its own (/tab/msal.js), loaded by signin.ts only for nested app authentication. */
export { createNestablePublicClientApplication } from '@azure/msal-browser';
