import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DataKey } from './data-key.entity';
import { DataKeyService } from './data-key.service';

export const BLIND_INDEX_SCOPE = 'blind_index';

/** Digits only (full-width digits included), e.g. a NIK typed as "3201 0101-..." . */
export function normalizeNik(value: string): string {
  return value.normalize('NFKC').replace(/[^0-9]/g, '');
}

/** NFKD, diacritics stripped, lower case, punctuation and symbols dropped, whitespace collapsed. */
export function normalizeName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The default normalizer of `compute`: Unicode NFC and trimmed, otherwise exact. */
export function normalizeExact(value: string): string {
  return value.normalize('NFC').trim();
}

/**
 * Blind indexes: keyed HMAC-SHA256 of normalized values, stored beside encrypted columns for
 * exact-match lookups without decrypting (e.g. `nikIndex = compute('person.nik', nik, normalizeNik)`).
 * The purpose separates indexes, so equal values in different fields give different hashes. The HMAC
 * key is one DataKey row of scope 'blind_index' (re-wrapped by master-key rotation like the others),
 * created on the first start; if concurrent first starts created two, the earliest one wins.
 */
@Injectable()
export class BlindIndexService implements OnModuleInit {
  private key: Buffer | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dataKeys: DataKeyService,
  ) {}

  async onModuleInit(): Promise<void> {
    let row = await this.earliestKeyRow();
    if (!row) {
      await this.dataKeys.create(BLIND_INDEX_SCOPE);
      row = await this.earliestKeyRow(); // a concurrent first start may have created an earlier one
    }
    const key = row && (await this.dataKeys.getKey(row.id));
    if (!key) throw new Error('The blind index key was destroyed: restore data_keys from a backup');
    this.key = key;
  }

  /** Hex HMAC-SHA256 over `purpose + '\0' + normalize(value)`. Throws if the normalized value is empty. */
  compute(purpose: string, value: string, normalize: (value: string) => string = normalizeExact): string {
    if (!this.key) throw new Error('BlindIndexService is not initialised (onModuleInit has not run)');
    if (!purpose || purpose.includes('\0')) throw new Error('A blind index purpose must be a non-empty name');
    const normalized = normalize(value);
    if (!normalized) throw new Error(`Blind index '${purpose}': the value is empty once normalized`);
    return createHmac('sha256', this.key).update(`${purpose}\0${normalized}`, 'utf8').digest('hex');
  }

  private earliestKeyRow(): Promise<Pick<DataKey, 'id'> | null> {
    return this.dataSource.getRepository(DataKey).findOne({
      select: { id: true },
      where: { scope: BLIND_INDEX_SCOPE },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }
}
