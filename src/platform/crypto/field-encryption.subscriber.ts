import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  EntityMetadata,
  EntitySubscriberInterface,
  InsertEvent,
  LoadEvent,
  QueryRunner,
  TransactionRollbackEvent,
  UpdateEvent,
} from 'typeorm';
import { openToString, sealToString } from './aes-gcm';
import { DataKeyDestroyedError, DataKeyService } from './data-key.service';
import { dataKeyPropertyOf, encryptedFieldsOf } from './encrypted-column.decorator';

interface Field {
  propertyName: string;
  json: boolean;
  /** `${tableName}.${columnName}`: binds each value to its column. */
  aad: string;
}

interface Schema {
  entityName: string;
  keyProperty: string;
  fields: Field[];
}

/** What a write replaced on an entity: the plaintext is put back after the write (or a rollback). */
interface Written {
  runner: QueryRunner;
  values: Map<string, { plain: unknown; sealed: string | null }>;
}

type Row = Record<string, unknown>;

/**
 * Encrypts @EncryptedColumn properties before insert/update and decrypts them after load, with the
 * row's data key (see encrypted-column.decorator.ts). After a write, and after a rolled-back
 * transaction, the in-memory entity holds plain values again. Rules:
 *   - non-null encrypted values without a data-key id are refused (plaintext is never written);
 *   - values under a destroyed data key load as null, and cannot be written;
 *   - query-builder updates (`repository.update`) must include the data-key id; prefer `save()`;
 *   - every write re-encrypts all encrypted properties present on the entity (fresh IVs);
 *   - `callListeners(false)` query builders bypass this subscriber: do not use them on such entities.
 * TypeORM 0.3.31 awaits the promises returned by afterLoad (Broadcaster.broadcastLoadEvent collects
 * them, SelectQueryBuilder awaits them before returning), so loaded entities are already decrypted.
 */
@Injectable()
export class FieldEncryptionSubscriber implements EntitySubscriberInterface {
  private readonly schemas = new Map<EntityMetadata, Schema | null>();
  private readonly written = new WeakMap<Row, Written>();
  private readonly pendingByRunner = new WeakMap<QueryRunner, Set<Row>>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly dataKeys: DataKeyService,
  ) {
    if (!dataSource.subscribers.includes(this)) dataSource.subscribers.push(this);
  }

  beforeInsert(event: InsertEvent<Row>): Promise<void> | void {
    return this.encrypt(event.entity, event.metadata, event.queryRunner);
  }

  beforeUpdate(event: UpdateEvent<Row>): Promise<void> | void {
    if (!event.entity) return;
    return this.encrypt(event.entity as Row, event.metadata, event.queryRunner, event.databaseEntity);
  }

  afterInsert(event: InsertEvent<Row>): void {
    this.restore(event.entity);
  }

  afterUpdate(event: UpdateEvent<Row>): void {
    if (event.entity) this.restore(event.entity as Row);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const pending = this.pendingByRunner.get(event.queryRunner);
    pending?.forEach((entity) => this.restore(entity));
    this.pendingByRunner.delete(event.queryRunner);
  }

  afterLoad(entity: Row, event?: LoadEvent<Row>): Promise<void> | void {
    const schema = event && this.schemaOf(event.metadata);
    if (!schema) return;
    const present = schema.fields.filter(
      (f) => entity[f.propertyName] !== null && entity[f.propertyName] !== undefined,
    );
    if (present.length === 0) return;
    return this.decrypt(entity, schema, present, event.queryRunner);
  }

  private encrypt(
    entity: Row,
    metadata: EntityMetadata,
    runner: QueryRunner,
    database?: Row,
  ): Promise<void> | void {
    const schema = this.schemaOf(metadata);
    if (!schema) return;
    const present = schema.fields.filter((f) => entity[f.propertyName] !== undefined);
    if (present.length === 0) return;
    return this.encryptFields(entity, schema, present, runner, database);
  }

  private async encryptFields(
    entity: Row,
    schema: Schema,
    present: Field[],
    runner: QueryRunner,
    database?: Row,
  ): Promise<void> {
    // After a failed write outside a transaction the entity may still hold our ciphertext: reuse its plaintext.
    const previous = this.written.get(entity);
    const plain = present.map((f) => {
      const last = previous?.values.get(f.propertyName);
      return last && last.sealed === entity[f.propertyName] ? last.plain : entity[f.propertyName];
    });
    if (plain.every((v) => v === null)) return;
    const keyId = entity[schema.keyProperty] ?? database?.[schema.keyProperty];
    if (typeof keyId !== 'string' || !keyId) {
      throw new Error(
        `${schema.entityName} has encrypted values but no data key: set '${schema.keyProperty}' ` +
          '(DataKeyService.create) before saving; query-builder updates must include it too',
      );
    }
    const key = await this.dataKeys.getKey(keyId, this.managerOf(runner));
    if (!key) throw new DataKeyDestroyedError(keyId);
    const values: Written['values'] = new Map();
    present.forEach((f, i) => {
      const sealed = plain[i] === null ? null : sealToString(key, this.serialize(schema, f, plain[i]), f.aad);
      values.set(f.propertyName, { plain: plain[i], sealed });
      entity[f.propertyName] = sealed;
    });
    this.written.set(entity, { runner, values });
    const pending = this.pendingByRunner.get(runner) ?? new Set<Row>();
    this.pendingByRunner.set(runner, pending.add(entity));
  }

  private async decrypt(entity: Row, schema: Schema, present: Field[], runner: QueryRunner): Promise<void> {
    const keyId = entity[schema.keyProperty];
    if (typeof keyId !== 'string' || !keyId) {
      throw new Error(`${schema.entityName}: select '${schema.keyProperty}' with its encrypted columns`);
    }
    const key = await this.dataKeys.getKey(keyId, this.managerOf(runner));
    for (const f of present) {
      if (!key) {
        entity[f.propertyName] = null;
        continue;
      }
      const text = openToString(key, entity[f.propertyName] as string, f.aad);
      entity[f.propertyName] = f.json ? JSON.parse(text) : text;
    }
  }

  private restore(entity: Row): void {
    const written = this.written.get(entity);
    if (!written) return;
    written.values.forEach(({ plain, sealed }, property) => {
      if (entity[property] === sealed) entity[property] = plain;
    });
    this.written.delete(entity);
    this.pendingByRunner.get(written.runner)?.delete(entity);
  }

  private serialize(schema: Schema, field: Field, value: unknown): string {
    if (field.json) return JSON.stringify(value);
    if (typeof value !== 'string') {
      throw new TypeError(
        `${schema.entityName}.${field.propertyName} is encrypted text: expected a string or null`,
      );
    }
    return value;
  }

  /** Inside a transaction, keys are read through it (a key created in it is not visible elsewhere yet). */
  private managerOf(runner: QueryRunner | undefined): EntityManager | undefined {
    return runner?.isTransactionActive ? runner.manager : undefined;
  }

  private schemaOf(metadata: EntityMetadata): Schema | null {
    let schema = this.schemas.get(metadata);
    if (schema !== undefined) return schema;
    const target = metadata.target;
    const declared = typeof target === 'function' ? encryptedFieldsOf(target) : [];
    schema = null;
    if (declared.length > 0) {
      const keyProperty = dataKeyPropertyOf(target as object);
      if (!metadata.findColumnWithPropertyName(keyProperty)) {
        throw new Error(`${metadata.name} has @EncryptedColumn properties but no '${keyProperty}' column`);
      }
      const fields = declared.map(({ propertyName, json }) => {
        const column = metadata.findColumnWithPropertyName(propertyName);
        if (!column) throw new Error(`${metadata.name}.${propertyName} is not a column`);
        return { propertyName, json, aad: `${metadata.tableName}.${column.databaseName}` };
      });
      schema = { entityName: metadata.name, keyProperty, fields };
    }
    this.schemas.set(metadata, schema);
    return schema;
  }
}
