import type { FastifyReply } from 'fastify';
import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EntityManager } from 'typeorm';
import { AppException } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { AppConfig, InjectAppConfig } from '../../platform/config/app.config';
import { FieldCryptoService } from '../../platform/crypto/field-crypto.service';
import { StoredFile, StoredFileKind } from './stored-file.entity';
import { CheckedUpload } from '../../web/multipart';

export interface NewFile {
  kind: StoredFileKind;
  ownerId: string;
  caseId: string;
  dataKeyId: string;
  uploadedById: string;
  uploadedByInstitutionId: string | null;
}

/**
 * Encrypted file storage in DATA_DIR/uploads (outside the web root): each file is sealed with the
 * case's data key (AES-256-GCM, bound to the file's id) and named by that id. Reading a file is
 * always preceded by the owning record's access check in the calling service. Uploads arrive through
 * the upload routes of http/multipart.ts.
 */
@Injectable()
export class FileStoreService {
  private readonly dir: string;

  constructor(
    private readonly crypto: FieldCryptoService,
    private readonly clock: Clock,
    @InjectAppConfig() config: AppConfig,
  ) {
    this.dir = path.join(config.dataDir, 'uploads');
  }

  private pathOf(id: string): string {
    return path.join(this.dir, `${id}.bin`);
  }

  /**
   * Encrypts and stores a checked upload and inserts its row, in the caller's transaction. If the
   * transaction fails afterwards the orphan file is removed by `discard`.
   */
  async save(m: EntityManager, file: NewFile, upload: CheckedUpload): Promise<StoredFile> {
    const id = randomUUID();
    const sealed = await this.crypto.encryptBuffer(file.dataKeyId, upload.data, `stored_files:${id}`, m);
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const target = this.pathOf(id);
    const tmp = `${target}.tmp`;
    await fs.promises.writeFile(tmp, sealed, { mode: 0o600 });
    await fs.promises.rename(tmp, target);
    const row = m.create(StoredFile, {
      id,
      ...file,
      fileName: upload.fileName,
      mimeType: upload.mimeType,
      size: upload.data.length,
      sha256: createHash('sha256').update(upload.data).digest('hex'),
      createdAt: this.clock.now(),
    });
    try {
      await m.insert(StoredFile, row);
    } catch (err) {
      await this.discard(id);
      throw err;
    }
    return row;
  }

  async discard(id: string): Promise<void> {
    await fs.promises.rm(this.pathOf(id), { force: true });
  }

  /** The decrypted content (the caller has checked access). 404 when it is gone or unreadable. */
  async read(file: StoredFile): Promise<Buffer> {
    let sealed: Buffer;
    try {
      sealed = await fs.promises.readFile(this.pathOf(file.id));
    } catch {
      throw AppException.notFound();
    }
    const plain = await this.crypto.decryptBuffer(file.dataKeyId, sealed, `stored_files:${file.id}`);
    if (!plain || createHash('sha256').update(plain).digest('hex') !== file.sha256) {
      throw new AppException('FILE_UNREADABLE', HttpStatus.NOT_FOUND);
    }
    return plain;
  }
}

/** Headers for sending a stored file: a download, never rendered inline by the browser. */
export function downloadHeaders(file: StoredFile): Record<string, string> {
  const ext = file.mimeType === 'application/pdf' ? 'pdf' : file.mimeType === 'image/png' ? 'png' : 'jpg';
  return {
    'content-type': file.mimeType,
    'content-disposition': `attachment; filename="document-${file.id.slice(0, 8)}.${ext}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}

/** Sends a stored file as a download. */
export async function sendFile(reply: FastifyReply, file: StoredFile, data: Buffer): Promise<void> {
  await reply.headers(downloadHeaders(file)).send(data);
}
