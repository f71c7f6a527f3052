import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { open, openToString, seal, sealToString } from './aes-gcm';
import { DataKeyDestroyedError, DataKeyService } from './data-key.service';

/**
 * Explicit encryption with a data key, for values that are not entity columns (uploaded files,
 * exports). `aad` names what the value is (e.g. `attachment:<id>`) so it cannot be swapped with
 * another value under the same key. Decryption returns null when the data key was destroyed.
 */
@Injectable()
export class FieldCryptoService {
  constructor(private readonly dataKeys: DataKeyService) {}

  async encryptBuffer(
    dataKeyId: string,
    plaintext: Buffer,
    aad: string,
    manager?: EntityManager,
  ): Promise<Buffer> {
    return seal(await this.liveKey(dataKeyId, manager), plaintext, aad);
  }

  async decryptBuffer(
    dataKeyId: string,
    sealed: Buffer,
    aad: string,
    manager?: EntityManager,
  ): Promise<Buffer | null> {
    const key = await this.dataKeys.getKey(dataKeyId, manager);
    return key && open(key, sealed, aad);
  }

  /** Returns the text form `v1.<base64>`. */
  async encryptString(
    dataKeyId: string,
    plaintext: string,
    aad: string,
    manager?: EntityManager,
  ): Promise<string> {
    return sealToString(await this.liveKey(dataKeyId, manager), plaintext, aad);
  }

  async decryptString(
    dataKeyId: string,
    sealed: string,
    aad: string,
    manager?: EntityManager,
  ): Promise<string | null> {
    const key = await this.dataKeys.getKey(dataKeyId, manager);
    return key && openToString(key, sealed, aad);
  }

  private async liveKey(dataKeyId: string, manager?: EntityManager): Promise<Buffer> {
    const key = await this.dataKeys.getKey(dataKeyId, manager);
    if (!key) throw new DataKeyDestroyedError(dataKeyId);
    return key;
  }
}
