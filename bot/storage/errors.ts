/** Typed storage errors: the rest of Polku never sees a RestError. */

/** An ETag-guarded write lost to another writer (HTTP 412). */
export class ConflictError extends Error {
  constructor(readonly table: string) {
    super(`concurrent update in table ${table}`);
    this.name = 'ConflictError';
  }
}

/** An insert found the row already there (HTTP 409). */
export class AlreadyExistsError extends Error {
  constructor(readonly table: string) {
    super(`row already exists in table ${table}`);
    this.name = 'AlreadyExistsError';
  }
}

/** Storage did not answer (network error, timeout, 5xx). */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super('storage unavailable', { cause });
    this.name = 'StorageUnavailableError';
  }
}

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  details?: { errorCode?: string };
}

function restInfo(e: unknown): RestErrorLike {
  return typeof e === 'object' && e !== null ? (e as RestErrorLike) : {};
}

export function statusOf(e: unknown): number | undefined {
  return restInfo(e).statusCode;
}

/** Turns an SDK error into one of ours; 404 is left to the caller (it means "absent"). */
export function mapStorageError(e: unknown, table: string): unknown {
  const { statusCode, details } = restInfo(e);
  if (statusCode === 412 || details?.errorCode === 'UpdateConditionNotSatisfied') return new ConflictError(table);
  if (statusCode === 409 && (details?.errorCode === 'EntityAlreadyExists' || details?.errorCode === undefined)) {
    return new AlreadyExistsError(table);
  }
  if (statusCode === undefined || statusCode >= 500) return new StorageUnavailableError(e);
  return e;
}
