import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppException } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { AppConfig, InjectAppConfig } from '../../platform/config/app.config';
import { DataKeyService } from '../../platform/crypto/data-key.service';
import { FieldCryptoService } from '../../platform/crypto/field-crypto.service';
import { TransactionService } from '../../platform/database/transaction.service';
import { FilePurpose, PugFile } from '../entities/pug-file.entity';
import { PugErrorCode } from '../pug.errors';
import { MAX_UPLOAD_BYTES } from './upload-body';

export const FILE_KEY_SCOPE = 'pug_file';

/** The accepted file types, recognised by their first bytes (never by name or declared type). */
const SIGNATURES: { type: string; extension: string; magic: number[] }[] = [
  { type: 'application/pdf', extension: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
];

export function detectFileType(data: Buffer): { type: string; extension: string } | null {
  const found = SIGNATURES.find(
    (s) => data.length >= s.magic.length && s.magic.every((b, i) => data[i] === b),
  );
  return found ? { type: found.type, extension: found.extension } : null;
}

/** A file name safe to show and to send in Content-Disposition (no path, no control characters). */
export function cleanFileName(name: string | null | undefined, extension: string): string {
  const base = path
    .basename(String(name ?? '').replace(/\\/g, '/'))
    .replace(/[\p{C}"]/gu, '')
    .trim()
    .slice(0, 150);
  return base || `file.${extension}`;
}

/** A stored file's row as the other features read it (the programme's materials). */
export type PugFileRecord = PugFile;

export interface FileContent {
  file: PugFile;
  data: Buffer;
}

/**
 * Encrypted file storage for PUG and programme records: checks size and type, encrypts the bytes
 * with the file's own data key, writes DATA_DIR/uploads/<purpose>/<id>.bin (owner-only) and records
 * a PugFile row in the caller's transaction. Deleting a file destroys its key, then the bytes.
 */
@Injectable()
export class PugFileStore {
  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly tx: TransactionService,
    private readonly dataKeys: DataKeyService,
    private readonly crypto: FieldCryptoService,
    private readonly clock: Clock,
  ) {}

  private dir(purpose: FilePurpose): string {
    return path.join(this.config.dataDir, 'uploads', purpose);
  }

  private pathOf(file: Pick<PugFile, 'id' | 'purpose'>): string {
    return path.join(this.dir(file.purpose), `${file.id}.bin`);
  }

  /** Refuses empty, oversized and unrecognised files (400 / 413 / 415). */
  check(data: Buffer): { type: string; extension: string } {
    if (!data.length) throw new AppException(PugErrorCode.UploadEmpty, HttpStatus.BAD_REQUEST);
    if (data.length > MAX_UPLOAD_BYTES) {
      throw new AppException(PugErrorCode.UploadTooLarge, HttpStatus.PAYLOAD_TOO_LARGE, {
        max: Math.round(MAX_UPLOAD_BYTES / 1024 / 1024),
      });
    }
    const detected = detectFileType(data);
    if (!detected)
      throw new AppException(PugErrorCode.UploadTypeNotAllowed, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    return detected;
  }

  /** Stores a file; call inside `tx.run` so the row joins the owner's change. */
  async save(
    purpose: FilePurpose,
    ownerId: string,
    data: Buffer,
    originalName: string | null | undefined,
    userId: string | null,
  ): Promise<PugFile> {
    const detected = this.check(data);
    const id = randomUUID();
    const target = this.pathOf({ id, purpose });
    return this.tx.run(async (m) => {
      const key = await this.dataKeys.create(FILE_KEY_SCOPE, m);
      const sealed = await this.crypto.encryptBuffer(key.id, data, `pug_file:${id}`, m);
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      fs.writeFileSync(target, sealed, { mode: 0o600 });
      try {
        const row = m.getRepository(PugFile).create({
          id,
          purpose,
          ownerId,
          dataKeyId: key.id,
          originalName: cleanFileName(originalName, detected.extension),
          contentType: detected.type,
          size: data.length,
          sha256: createHash('sha256').update(data).digest('hex'),
          createdById: userId,
          createdAt: this.clock.now(),
        });
        return await m.getRepository(PugFile).save(row);
      } catch (err) {
        fs.rmSync(target, { force: true });
        throw err;
      }
    });
  }

  list(purpose: FilePurpose, ownerId: string): Promise<PugFile[]> {
    return this.tx.manager.getRepository(PugFile).find({
      where: { purpose, ownerId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async get(purpose: FilePurpose, ownerId: string, fileId: string): Promise<PugFile> {
    const file = await this.tx.manager
      .getRepository(PugFile)
      .findOne({ where: { id: fileId, purpose, ownerId } });
    if (!file) throw AppException.notFound();
    return file;
  }

  /** The decrypted bytes; 404 when the file is gone or its key destroyed. */
  async read(file: PugFile): Promise<Buffer> {
    let sealed: Buffer;
    try {
      sealed = fs.readFileSync(this.pathOf(file));
    } catch {
      throw AppException.notFound();
    }
    const data = await this.crypto.decryptBuffer(file.dataKeyId, sealed, `pug_file:${file.id}`);
    if (!data) throw AppException.notFound();
    return data;
  }

  /**
   * Deletes the rows and shreds their keys (joining the caller's transaction). The bytes, unreadable
   * from the commit on, are removed by `unlink` once the transaction has committed.
   */
  async removeRows(files: PugFile[]): Promise<void> {
    if (!files.length) return;
    await this.tx.run(async (m) => {
      for (const file of files) {
        await m.getRepository(PugFile).delete({ id: file.id });
        await this.dataKeys.destroy(file.dataKeyId, m);
      }
    });
  }

  /** Removes the bytes once the transaction in progress (if any) has committed. */
  unlink(files: PugFile[]): void {
    if (!files.length) return;
    this.tx.afterCommit(() => {
      for (const file of files) fs.rmSync(this.pathOf(file), { force: true });
    });
  }

  /** removeRows + unlink. */
  async remove(files: PugFile[]): Promise<void> {
    await this.removeRows(files);
    this.unlink(files);
  }
}
