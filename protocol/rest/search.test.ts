import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { errorSpec } from '../errors/index.ts';
import { parseWith } from '../validate.ts';
import { advancedSearchRequestSchema, advancedSearchResponseSchema, searchQuerySchema } from './search.ts';
import { codeOf, dataOf } from '../test-helpers.ts';


describe('POST /api/search/advanced', () => {
  // The origin's test_advanced_search_rejects_invalid_payload: payload → the text its error contains.
  const originCases: [unknown, string, string][] = [
    [{ query: ['invalid'] }, 'SEARCH_QUERY_NOT_STRING', 'query는 문자열이어야 합니다.'],
    [{ room_id: 0 }, 'SEARCH_ROOM_ID_NOT_POSITIVE', 'room_id는 1 이상의 정수여야 합니다.'],
    [{ sender_id: 'abc' }, 'SEARCH_SENDER_ID_NOT_INT', 'sender_id는 정수여야 합니다.'],
    [{ date_from: '2026/02/27' }, 'SEARCH_DATE_FROM_INVALID', 'YYYY-MM-DD'],
    [{ file_only: 'not-bool' }, 'SEARCH_FILE_ONLY_NOT_BOOLEAN', 'file_only는 boolean 값이어야 합니다.'],
    [{ limit: 'x' }, 'SEARCH_LIMIT_OFFSET_NOT_INT', 'limit/offset은 정수여야 합니다.'],
  ];
  it.each(originCases)('refuses %j with %s', (payload, code, text) => {
    const r = parseWith(advancedSearchRequestSchema, payload);
    expect(r).toEqual({ ok: false, code });
    expect(errorSpec(code as Parameters<typeof errorSpec>[0]).ko).toContain(text);
  });

  it('normalises like the origin (test_advanced_search_normalizes_payload_and_returns_200)', () => {
    const body = {
      query: '  hello  ',
      room_id: '7',
      sender_id: 3,
      date_from: '2026-02-01',
      date_to: '2026-02-27',
      file_only: 'true',
      limit: 999,
      offset: -50,
    };
    expect(dataOf(advancedSearchRequestSchema, body)).toEqual({
      query: 'hello',
      room_id: 7,
      sender_id: 3,
      date_from: '2026-02-01',
      date_to: '2026-02-27',
      file_only: true,
      limit: 200,
      offset: 0,
    });
  });

  it('defaults everything for an empty body', () => {
    expect(dataOf(advancedSearchRequestSchema, {})).toEqual({
      query: null,
      room_id: null,
      sender_id: null,
      date_from: null,
      date_to: null,
      file_only: false,
      limit: 50,
      offset: 0,
    });
  });

  it('covers the rest of the validation table', () => {
    expect(codeOf(advancedSearchRequestSchema, { query: 'q'.repeat(201) })).toBe('SEARCH_QUERY_TOO_LONG');
    expect(dataOf(advancedSearchRequestSchema, { query: `  ${'q'.repeat(200)}  ` }).query).toHaveLength(200);
    expect(dataOf(advancedSearchRequestSchema, { query: '   ' }).query).toBeNull();
    expect(codeOf(advancedSearchRequestSchema, { room_id: 'seven' })).toBe('SEARCH_ROOM_ID_NOT_INT');
    expect(codeOf(advancedSearchRequestSchema, { room_id: true })).toBe('SEARCH_ROOM_ID_NOT_INT');
    expect(codeOf(advancedSearchRequestSchema, { sender_id: '-2' })).toBe('SEARCH_SENDER_ID_NOT_POSITIVE');
    expect(codeOf(advancedSearchRequestSchema, { date_to: 20260227 })).toBe('SEARCH_DATE_TO_NOT_STRING');
    expect(codeOf(advancedSearchRequestSchema, { date_to: '2026-02-30' })).toBe('SEARCH_DATE_TO_INVALID');
    expect(codeOf(advancedSearchRequestSchema, { date_from: '2026-03-01', date_to: '2026-02-01' })).toBe('SEARCH_DATE_RANGE_INVALID');
    expect(codeOf(advancedSearchRequestSchema, { file_only: 1 })).toBe('SEARCH_FILE_ONLY_NOT_BOOLEAN');
    expect(dataOf(advancedSearchRequestSchema, { file_only: ' OFF ' }).file_only).toBe(false);
    expect(dataOf(advancedSearchRequestSchema, { file_only: '' }).file_only).toBe(false);
    expect(codeOf(advancedSearchRequestSchema, { offset: [] })).toBe('SEARCH_LIMIT_OFFSET_NOT_INT');
    expect(dataOf(advancedSearchRequestSchema, { limit: '20', offset: 10.9 })).toMatchObject({ limit: 20, offset: 10 });
  });

  it('answers with paging fields and the encrypted-content note', () => {
    const res = { messages: [], total: 0, offset: 0, limit: 50, has_more: false, note: '암호화된 메시지는 서버 검색에서 제외됩니다.' };
    expect(codeOf(advancedSearchResponseSchema, res)).toBe('OK');
  });
});

describe('GET /api/search', () => {
  it('clamps and ignores like Flask type=int', () => {
    expect(dataOf(searchQuerySchema, { q: ' 보고서 ', limit: '9999', offset: '-25', room_id: 'x', file_only: 'yes' })).toEqual({
      q: '보고서',
      room_id: undefined,
      date_from: null,
      date_to: null,
      file_only: true,
      offset: 0,
      limit: 200,
    });
    expect(dataOf(searchQuerySchema, {})).toMatchObject({ q: '', limit: 50, offset: 0, file_only: false });
  });

  it('refuses malformed dates (the origin compared raw strings)', () => {
    expect(codeOf(searchQuerySchema, { q: 'hello', date_from: '27.02.2026' })).toBe('SEARCH_DATE_FROM_INVALID');
    expect(dataOf(searchQuerySchema, { date_from: '2026-2-1', date_to: '2026-02-27' })).toMatchObject({
      date_from: '2026-02-01',
      date_to: '2026-02-27',
    });
  });
});
