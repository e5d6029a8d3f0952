import { createPrng, type Random } from '../dingtalk/prng.js';

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789abcdef';

/**
 * Deterministic identifiers for the Graph sandbox. Exchange ids are opaque, base64-like and
 * case-sensitive (microsoft.md §10 item 3); these are shaped alike (`-`, `_` and `=` included, so a
 * client that forgets to encode path segments fails here first). One seed, one sequence.
 */
export class IdFactory {
  readonly random: Random;

  constructor(seed: number) {
    this.random = createPrng(seed);
  }

  /** Immutable message id (stable across moves, §4.3). */
  immutableId(): string {
    return `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A${this.#chars(40)}AAA=`;
  }

  /** Regular REST id; a new one after every move (§4.5 "Move/copy"). */
  restId(): string {
    return `AAMkAGI2TG93AAA${this.#chars(44)}AAA=`;
  }

  folderId(): string {
    return `AQMkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAuAAAD${this.#chars(24)}AQ==`;
  }

  changeKey(): string {
    return `CQAAABYAAAD${this.#chars(29)}`;
  }

  /** A v4-shaped GUID (user ids, tenant-independent subscription ids, notification ids). */
  guid(): string {
    const hex = Array.from({ length: 32 }, () => HEX[Math.floor(this.random() * 16)]).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  }

  /** Opaque strings for tokens (bearer, skip, delta). */
  opaque(length: number): string {
    return this.#chars(length);
  }

  #chars(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += URL_SAFE[Math.floor(this.random() * URL_SAFE.length)];
    return out;
  }
}
