import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { protocolDocPath, renderProtocolDocs } from '../../scripts/protocol-docs.ts';

describe('docs/protocol.md', () => {
  it('is what `npm run docs:protocol` generates from protocol/ (run it after changing the contract)', () => {
    expect(fs.readFileSync(protocolDocPath, 'utf8')).toBe(renderProtocolDocs());
  });
});
