import { describe, expect, it } from 'vitest';
import * as protocol from './index.ts';

describe('protocol index', () => {
  it('re-exports every part of the contract', () => {
    for (const name of [
      'idSchema',
      'resolveLocale',
      'errorEnvelope',
      'parseWith',
      'errorCatalog',
      'loginRequestSchema',
      'roomCreateRequestSchema',
      'messagesQuerySchema',
      'uploadResponseSchema',
      'pinCreateRequestSchema',
      'pollCreateRequestSchema',
      'roomAdminUpdateRequestSchema',
      'advancedSearchRequestSchema',
      'sendMessagePayloadSchema',
      'clientEventNames',
      'resolveEncrypted',
      'decryptMessage',
    ]) {
      expect(protocol, name).toHaveProperty(name);
    }
  });
});
