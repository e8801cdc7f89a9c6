/**
 * Access to Azure Table Storage: one client per table, tables created on start, every SDK error
 * mapped to a typed one. The only module besides azurite.ts that builds SDK clients.
 */
import { TableClient, type TableEntity, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { mapStorageError, statusOf } from './errors';

export const TABLES = ['teams', 'pilots', 'conversations', 'reminders', 'members', 'consultations', 'people'] as const;
export type TableName = (typeof TABLES)[number];

export type StorageTarget =
  | { mode: 'connectionString'; connectionString: string }
  | { mode: 'managedIdentity'; accountUrl: string; clientId?: string };

/** A row as read: its keys, its ETag and its columns. */
export type Row = Record<string, unknown> & { partitionKey: string; rowKey: string; etag: string };

function asRow(r: TableEntityResult<Record<string, unknown>>): Row {
  const { etag, timestamp: _timestamp, 'odata.metadata': _meta, ...rest } = r as Record<string, unknown>;
  return { ...rest, etag: String(etag) } as Row;
}

/** The columns of a row, without its ETag, ready to be written back. */
export function columnsOf(row: Row): TableEntity<Record<string, unknown>> {
  const { etag: _etag, ...rest } = row;
  return rest;
}

function isLoopbackEndpoint(connectionString: string): boolean {
  const m = /TableEndpoint=([^;]+)/i.exec(connectionString);
  if (/UseDevelopmentStorage=true/i.test(connectionString)) return true;
  if (!m) return false;
  const host = new URL(m[1]).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
}

/** A table with errors mapped: 404 → undefined, 412 → ConflictError, 409 → AlreadyExistsError. */
export class Table {
  constructor(
    readonly name: TableName,
    readonly client: TableClient,
  ) {}

  private fail(e: unknown): never {
    throw mapStorageError(e, this.name);
  }

  async get(partitionKey: string, rowKey: string): Promise<Row | undefined> {
    try {
      return asRow(await this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      return this.fail(e);
    }
  }

  /** Inserts; AlreadyExistsError when the row is there. Returns the new ETag. */
  async create(entity: TableEntity<Record<string, unknown>>): Promise<string> {
    try {
      const r = await this.client.createEntity(entity);
      return r.etag ?? '';
    } catch (e) {
      return this.fail(e);
    }
  }

  /** Replaces the row if its ETag is still `etag`; ConflictError otherwise. */
  async replace(entity: TableEntity<Record<string, unknown>>, etag: string): Promise<string> {
    try {
      const r = await this.client.updateEntity(entity, 'Replace', { etag });
      return r.etag ?? '';
    } catch (e) {
      return this.fail(e);
    }
  }

  async upsert(entity: TableEntity<Record<string, unknown>>): Promise<string> {
    try {
      const r = await this.client.upsertEntity(entity, 'Replace');
      return r.etag ?? '';
    } catch (e) {
      return this.fail(e);
    }
  }

  /**
   * Merges the given columns into an existing row (if its ETag is still `etag`, when given:
   * ConflictError otherwise). Returns the new ETag.
   */
  async merge(entity: TableEntity<Record<string, unknown>>, etag = '*'): Promise<string> {
    try {
      const r = await this.client.updateEntity(entity, 'Merge', { etag });
      return r.etag ?? '';
    } catch (e) {
      return this.fail(e);
    }
  }

  async delete(partitionKey: string, rowKey: string, etag = '*'): Promise<void> {
    try {
      await this.client.deleteEntity(partitionKey, rowKey, { etag });
    } catch (e) {
      if (statusOf(e) === 404) return;
      this.fail(e);
    }
  }

  /** Rows of one partition whose row key lies in [from, to), read page by page. */
  async range(partitionKey: string, from: string, to: string): Promise<Row[]> {
    return this.query(
      `PartitionKey eq '${odata(partitionKey)}' and RowKey ge '${odata(from)}' and RowKey lt '${odata(to)}'`,
    );
  }

  /** Every row of one partition, read page by page. */
  async partition(partitionKey: string): Promise<Row[]> {
    return this.query(`PartitionKey eq '${odata(partitionKey)}'`);
  }

  /**
   * Every row whose partition key lies in [from, to), optionally narrowed by a column filter
   * (OData) and to some columns (`select`; the keys and the ETag always come).
   */
  async partitions(from: string, to: string, where = '', select?: string[]): Promise<Row[]> {
    const keys = `PartitionKey ge '${odata(from)}' and PartitionKey lt '${odata(to)}'`;
    return this.query(where ? `${keys} and (${where})` : keys, select);
  }

  /** Deletes rows of one partition, up to 100 a transaction; rows already gone are no error. */
  async deleteAll(partitionKey: string, rowKeys: string[]): Promise<void> {
    for (let i = 0; i < rowKeys.length; i += 100) {
      const batch = rowKeys.slice(i, i + 100);
      try {
        await this.client.submitTransaction(batch.map((rowKey) => ['delete', { partitionKey, rowKey }]));
      } catch {
        // One row deleted meanwhile fails the whole batch: that batch goes one by one (where a
        // row that is gone is no error, and storage that is away fails as always).
        for (const rowKey of batch) await this.delete(partitionKey, rowKey);
      }
    }
  }

  private async query(filter: string, select?: string[]): Promise<Row[]> {
    const out: Row[] = [];
    try {
      for await (const page of this.client
        .listEntities<Record<string, unknown>>({
          queryOptions: select ? { filter, select: ['partitionKey', 'rowKey', ...select] } : { filter },
        })
        .byPage({ maxPageSize: 1000 })) {
        out.push(...page.map(asRow));
      }
    } catch (e) {
      this.fail(e);
    }
    return out;
  }

  /** Runs actions in one partition as one atomic transaction (≤ 100 actions). */
  async transact(actions: TransactionAction[]): Promise<void> {
    try {
      await this.client.submitTransaction(actions);
    } catch (e) {
      this.fail(e);
    }
  }
}

/** Quotes a value for an OData filter literal. */
export function odata(s: string): string {
  return s.replace(/'/g, "''");
}

export class TableStore {
  private readonly tables: Map<TableName, Table>;

  constructor(
    target: StorageTarget,
    readonly prefix: string,
  ) {
    this.tables = new Map(TABLES.map((name) => [name, new Table(name, makeClient(target, prefix + name))]));
  }

  table(name: TableName): Table {
    const t = this.tables.get(name);
    if (!t) throw new Error(`unknown table ${name}`);
    return t;
  }

  /** Creates every table that does not exist yet (idempotent). */
  async createTables(): Promise<void> {
    for (const t of this.tables.values()) {
      try {
        await t.client.createTable();
      } catch (e) {
        if (statusOf(e) !== 409) throw mapStorageError(e, t.name);
      }
    }
  }

  /** True when storage answers a request within the time allowed. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    try {
      await this.table('teams').client.getEntity('health', 'ping', { abortSignal: ctl.signal });
      return true;
    } catch (e) {
      return statusOf(e) === 404;
    } finally {
      clearTimeout(timer);
    }
  }
}

function makeClient(target: StorageTarget, tableName: string): TableClient {
  const retryOptions = { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 2000 };
  if (target.mode === 'connectionString') {
    return TableClient.fromConnectionString(target.connectionString, tableName, {
      // Plain HTTP is allowed only for an emulator on this machine, never for a real account.
      allowInsecureConnection: isLoopbackEndpoint(target.connectionString),
      retryOptions,
    });
  }
  // Only a managed identity needs @azure/identity (about 20 MB once loaded): required here, when used.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const identity = require('@azure/identity') as typeof import('@azure/identity');
  const credential = target.clientId
    ? new identity.ManagedIdentityCredential({ clientId: target.clientId })
    : new identity.DefaultAzureCredential();
  return new TableClient(target.accountUrl, tableName, credential, { retryOptions });
}
