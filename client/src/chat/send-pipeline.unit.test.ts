// The pipeline's pure timing rule. Everything the pipeline decides (which failures spend
// attempts, which are retried, replay on connect, never sending in clear) is checked against a
// real server in send-pipeline.test.ts.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMING, backoffDelay } from './send-pipeline.ts';

describe('backoffDelay', () => {
  it('backs off 1, 2, 4 … seconds, capped at 30 s, over 8 attempts', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, DEFAULT_TIMING))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(DEFAULT_TIMING).toMatchObject({ ackTimeoutMs: 5000, maxAttempts: 8 });
  });
});
