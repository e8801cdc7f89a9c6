/** A UUID as clients make them (crypto.randomUUID): the idempotency keys of forms and cards. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
