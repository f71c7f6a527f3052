import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager, IsNull, LessThan } from 'typeorm';
import { AppException } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { AuthContext } from '../platform/common/request-context';
import { BlindIndexService, normalizeName, normalizeNik } from '../platform/crypto/blind-index.service';
import { VictimMatchToken } from './victim-match-token.entity';

/** How long a match offered by the duplicate check can be used to attach a complaint. */
export const MATCH_TOKEN_MINUTES = 30;
const IDENTIFIERS_INDEX = 'victim.match_identifiers';

export type MatchedBy = 'nik' | 'name_birth_year';

/** The identifiers a duplicate check was asked with (or an intake typed). */
export interface TypedIdentifiers {
  nik?: string | null;
  fullName?: string | null;
  birthYear?: number | null;
}

export const MatchTokenError = {
  NotFound: 'MATCH_TOKEN_NOT_FOUND',
  Expired: 'MATCH_TOKEN_EXPIRED',
  Used: 'MATCH_TOKEN_USED',
  Mismatch: 'MATCH_TOKEN_MISMATCH',
} as const;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Match tokens: what the duplicate check offers instead of a victim's id. A token is random, shown
 * once, stored as its SHA-256, valid for MATCH_TOKEN_MINUTES, usable once, and only by the session
 * that asked and with the identifier that matched (a keyed hash of the normalised NIK, or name and
 * birth year). Whoever holds one can attach a complaint to that victim and learns nothing more.
 */
@Injectable()
export class VictimMatchService {
  constructor(
    private readonly blind: BlindIndexService,
    private readonly clock: Clock,
  ) {}

  /** The keyed hash of the identifier a match was made by (null when it was not typed). */
  identifiersHash(by: MatchedBy, typed: TypedIdentifiers): string | null {
    if (by === 'nik') {
      const nik = typed.nik ? normalizeNik(typed.nik) : '';
      return nik ? this.blind.compute(IDENTIFIERS_INDEX, `nik|${nik}`) : null;
    }
    const name = typed.fullName ? normalizeName(typed.fullName) : '';
    return name && typed.birthYear
      ? this.blind.compute(IDENTIFIERS_INDEX, `name|${name}|${typed.birthYear}`)
      : null;
  }

  /** Issues a token for a match (and clears expired ones: the table stays small). */
  async issue(
    m: EntityManager,
    actor: AuthContext,
    victimId: string,
    by: MatchedBy,
    typed: TypedIdentifiers,
  ): Promise<string> {
    const hash = this.identifiersHash(by, typed);
    if (!hash) throw new Error('a match token needs the identifier it matched by');
    const now = this.clock.now();
    await m.delete(VictimMatchToken, { expiresAt: LessThan(now) });
    const token = randomBytes(24).toString('base64url');
    await m.insert(VictimMatchToken, {
      tokenHash: sha256(token),
      sessionId: actor.sessionId,
      userId: actor.userId,
      victimId,
      identifiersHash: hash,
      matchedBy: by,
      createdAt: now,
      expiresAt: new Date(now.getTime() + MATCH_TOKEN_MINUTES * 60_000),
      usedAt: null,
    });
    return token;
  }

  /** The victim a token of this session names, if it can still be used (nothing is consumed). */
  async peek(m: EntityManager, actor: AuthContext, token: string): Promise<string | null> {
    const row = await m.findOne(VictimMatchToken, { where: { tokenHash: sha256(token) } });
    const usable =
      row &&
      row.sessionId === actor.sessionId &&
      row.userId === actor.userId &&
      !row.usedAt &&
      row.expiresAt.getTime() > this.clock.now().getTime();
    return usable ? row.victimId : null;
  }

  /**
   * The victim a token names, consuming it inside the intake's transaction (a rolled-back intake
   * leaves it unused). 404 for a token that is not this session's; 400 when expired, used, or when
   * the identifiers typed now are not the ones it matched.
   */
  async consume(
    m: EntityManager,
    actor: AuthContext,
    token: string,
    typed: TypedIdentifiers,
  ): Promise<string> {
    const row = await m.findOne(VictimMatchToken, { where: { tokenHash: sha256(token) } });
    if (!row || row.sessionId !== actor.sessionId || row.userId !== actor.userId)
      throw new AppException(MatchTokenError.NotFound, HttpStatus.NOT_FOUND);
    const now = this.clock.now();
    if (row.usedAt) throw new AppException(MatchTokenError.Used, HttpStatus.BAD_REQUEST);
    if (row.expiresAt.getTime() <= now.getTime())
      throw new AppException(MatchTokenError.Expired, HttpStatus.BAD_REQUEST, {
        minutes: MATCH_TOKEN_MINUTES,
      });
    if (this.identifiersHash(row.matchedBy as MatchedBy, typed) !== row.identifiersHash)
      throw new AppException(MatchTokenError.Mismatch, HttpStatus.BAD_REQUEST);
    const used = await m.update(VictimMatchToken, { id: row.id, usedAt: IsNull() }, { usedAt: now });
    if (!used.affected) throw new AppException(MatchTokenError.Used, HttpStatus.BAD_REQUEST);
    return row.victimId;
  }
}
