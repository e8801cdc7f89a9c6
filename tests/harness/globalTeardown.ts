export default async function globalTeardown(): Promise<void> {
  await globalThis.__POLKU_AZURITE__?.stop();
}
