import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hkdfSync, randomBytes } from 'node:crypto';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import { earliestKeyOfScope } from '../platform/crypto/data-key-reads';
import { DataKeyService } from '../platform/crypto/data-key.service';
import type { AppConfigShape } from '../platform/config/app.config';
import { KEY_RING, KeyRing, loadKeyRing } from '../platform/crypto/key-ring';
import { CaseEvent } from './case-event.entity';
import { headSeal, verifyChain } from './case-chain';
import { Case } from './case.entity';

export const CASE_CHAIN_SCOPE = 'case_chain';
const SEAL_BATCH = 500;
/** Serialises the first start of several instances on one PostgreSQL database. */
const ADVISORY_LOCK = 741_206_113;

/** The earliest chain key row (a concurrent first start on sqlite may have made two: the first wins). */
function earliestKeyRow(m: EntityManager): Promise<{ id: string } | null> {
  return earliestKeyOfScope(m, CASE_CHAIN_SCOPE);
}

/**
 * Seals the head of every case that has none and whose history verifies: the histories stored
 * before the keyed chain (SHA-256). Runs once, in the transaction that creates the chain key, so a
 * case that is unsealed later (its seal removed in the database) is never sealed again: it stays
 * "unsealed", which verification reports. Returns how many were sealed and left unsealed.
 */
async function sealExistingHeads(m: EntityManager, key: Buffer): Promise<{ sealed: number; broken: number }> {
  let sealed = 0;
  let broken = 0;
  let after = '';
  for (;;) {
    const cases = await m.find(Case, {
      select: { id: true, eventCount: true, headHash: true, headSeal: true },
      where: after ? { id: MoreThan(after) } : {},
      order: { id: 'ASC' },
      take: SEAL_BATCH,
    });
    if (!cases.length) break;
    after = cases[cases.length - 1].id;
    const events = await m.find(CaseEvent, {
      where: { caseId: In(cases.map((c) => c.id)) },
      order: { caseId: 'ASC', seq: 'ASC' },
    });
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
    for (const c of cases) {
      if (c.headSeal) continue;
      const chain = verifyChain(byCase.get(c.id) ?? [], c, key, { checkSeal: false });
      if (!chain.ok) {
        broken++;
        continue;
      }
      await m.update(Case, { id: c.id }, { headSeal: headSeal(key, c.id, c.eventCount, c.headHash) });
      sealed++;
    }
  }
  return { sealed, broken };
}

/**
 * The chain key of a database, for commands and checks outside the application: unwrapped with the
 * configured master keys. Null when the application never started on the database.
 */
export function loadChainKey(
  ds: DataSource,
  config: Pick<AppConfigShape, 'dataDir' | 'encryption' | 'isProduction'>,
): Promise<Buffer | null> {
  return CaseChainKey.load(ds, new DataKeyService(ds, loadKeyRing(config)));
}

/**
 * The key of the case history chain (event HMACs and head seals). It is not the master key: it is
 * derived from the master key in force at the first start of this version (HKDF-SHA256 with a random
 * salt) and then stored like a data key, wrapped by the master key (data_keys, scope `case_chain`).
 * `npm run rotate-key` re-wraps it with the other data keys, so the chain key never changes and every
 * history keeps verifying after any number of rotations; someone with the database but without the
 * master key cannot unwrap it. Deleting it makes every keyed history fail verification (loudly).
 *
 * The first start creates it and, in the same transaction, seals the heads of the histories that
 * exist (see sealExistingHeads). Usable without Nest (`CaseChainKey.of(key)`, `CaseChainKey.load`).
 */
@Injectable()
export class CaseChainKey implements OnModuleInit {
  private readonly logger = new Logger('CaseChainKey');
  private key: Buffer | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dataKeys: DataKeyService,
    @Inject(KEY_RING) private readonly keyRing: KeyRing,
  ) {}

  /** A chain key given directly (commands that loaded it with `load`). */
  static of(key: Buffer): CaseChainKey {
    const chain = Object.create(CaseChainKey.prototype) as CaseChainKey;
    chain.key = key;
    return chain;
  }

  /** The existing chain key of a database, or null when the application never started on it. */
  static async load(ds: DataSource, dataKeys: DataKeyService): Promise<Buffer | null> {
    const row = await earliestKeyRow(ds.manager);
    if (!row) return null;
    const key = await dataKeys.getKey(row.id);
    if (!key) throw new Error('The history chain key was destroyed: restore data_keys from a backup');
    return key;
  }

  async onModuleInit(): Promise<void> {
    const { key, created } = await this.dataSource.transaction(async (m) => {
      if (m.connection.options.type === 'postgres')
        await m.query(`SELECT pg_advisory_xact_lock(${ADVISORY_LOCK})`);
      const row = await earliestKeyRow(m);
      if (row) return { key: await this.dataKeys.getKey(row.id, m), created: null };
      const salt = randomBytes(32);
      const material = Buffer.from(
        hkdfSync('sha256', this.keyRing.current.key, salt, 'lentera/case-events/chain-key', 32),
      );
      await this.dataKeys.create(CASE_CHAIN_SCOPE, m, material);
      return { key: material, created: await sealExistingHeads(m, material) };
    });
    if (!key) throw new Error('The history chain key was destroyed: restore data_keys from a backup');
    this.key = key;
    if (created && created.sealed + created.broken > 0) {
      this.logger.log(`keyed history chain: sealed ${created.sealed} existing case histories`);
      if (created.broken)
        this.logger.warn(`${created.broken} existing case histories did not verify and stay unsealed`);
    }
  }

  get(): Buffer {
    if (!this.key) throw new Error('CaseChainKey is not initialised (onModuleInit has not run)');
    return this.key;
  }
}
