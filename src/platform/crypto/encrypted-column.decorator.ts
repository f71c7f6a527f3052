import { Column, ColumnOptions } from 'typeorm';

/**
 * Encrypted columns. An entity declares
 *   - a data-key id column, by default the property `dataKeyId` (another name with
 *     `@EncryptedEntity({ keyProperty: 'keyId' })` on the class), set from `DataKeyService.create()`
 *     before the first save;
 *   - `@EncryptedColumn()` properties: `text NULL` columns holding `v1.<base64>` AES-256-GCM values.
 * In memory the properties hold plain strings (or any JSON value with `{ json: true }`) or null;
 * FieldEncryptionSubscriber encrypts on insert/update and decrypts on load. Such columns cannot be
 * searched: store a BlindIndexService hash beside them for exact-match lookups.
 */
export interface EncryptedColumnOptions extends Pick<ColumnOptions, 'name' | 'comment' | 'select'> {
  /** Store any JSON-serialisable value instead of a string. */
  json?: boolean;
}

export interface EncryptedEntityOptions {
  /** The property holding the DataKey id of each row. Default: 'dataKeyId'. */
  keyProperty: string;
}

export interface EncryptedField {
  propertyName: string;
  json: boolean;
}

export const DEFAULT_KEY_PROPERTY = 'dataKeyId';

const fieldsByClass = new Map<object, EncryptedField[]>();
const keyPropertyByClass = new Map<object, string>();

export function EncryptedColumn(options: EncryptedColumnOptions = {}): PropertyDecorator {
  const { json = false, ...columnOptions } = options;
  const column = Column({ ...columnOptions, type: 'text', nullable: true });
  return (prototype, propertyKey) => {
    if (typeof propertyKey !== 'string') throw new TypeError('@EncryptedColumn needs a named property');
    column(prototype, propertyKey);
    const ctor = prototype.constructor;
    fieldsByClass.set(ctor, [...(fieldsByClass.get(ctor) ?? []), { propertyName: propertyKey, json }]);
  };
}

export function EncryptedEntity(options: EncryptedEntityOptions): ClassDecorator {
  return (target) => {
    keyPropertyByClass.set(target, options.keyProperty);
  };
}

/** The class and its ancestors, nearest first. */
function lineage(target: object): object[] {
  const chain: object[] = [];
  for (let t: object | null = target; t && t !== Function.prototype; t = Object.getPrototypeOf(t))
    chain.push(t);
  return chain;
}

/** Encrypted properties of an entity class, inherited ones included. */
export function encryptedFieldsOf(target: object): EncryptedField[] {
  return lineage(target)
    .reverse()
    .flatMap((t) => fieldsByClass.get(t) ?? []);
}

/** The property holding the data-key id for an entity class. */
export function dataKeyPropertyOf(target: object): string {
  for (const t of lineage(target)) {
    const property = keyPropertyByClass.get(t);
    if (property) return property;
  }
  return DEFAULT_KEY_PROPERTY;
}
