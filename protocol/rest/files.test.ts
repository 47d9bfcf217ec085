import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseWith } from '../validate.ts';
import { fileTypeOf, isAllowedUpload, roomFileSchema, uploadFormSchema, uploadResponseSchema } from './files.ts';
import { codeOf } from '../test-helpers.ts';


describe('POST /api/upload', () => {
  it('reads room_id from the form as a positive id', () => {
    const r = parseWith(uploadFormSchema, { room_id: '12' });
    expect(r).toEqual({ ok: true, data: { room_id: 12 } });
  });

  it('refuses a missing or malformed room_id', () => {
    expect(codeOf(uploadFormSchema, {})).toBe('UPLOAD_ROOM_ID_REQUIRED');
    expect(codeOf(uploadFormSchema, { room_id: '' })).toBe('UPLOAD_ROOM_ID_REQUIRED');
    expect(codeOf(uploadFormSchema, { room_id: '0' })).toBe('UPLOAD_ROOM_ID_REQUIRED');
    expect(codeOf(uploadFormSchema, { room_id: 'abc' })).toBe('UPLOAD_ROOM_ID_REQUIRED');
  });

  it('answers with the token and the kept (Korean) file name', () => {
    const res = {
      success: true,
      file_path: '20260227103000_a1b2c3d4_보고서.pdf',
      file_name: '보고서.pdf',
      file_type: 'file',
      upload_token: 'x'.repeat(43),
      file_size: 52_341,
      thumbnail_path: null,
    };
    expect(codeOf(uploadResponseSchema, res)).toBe('OK');
    expect(codeOf(uploadResponseSchema, { ...res, file_type: 'video' })).toBe('REQUEST_INVALID');
  });

  it('classifies names like the origin allow-list', () => {
    expect(isAllowedUpload('보고서.PDF')).toBe(true);
    expect(isAllowedUpload('run.exe')).toBe(false);
    expect(isAllowedUpload('noext')).toBe(false);
    expect(fileTypeOf('photo.JPG')).toBe('image');
    expect(fileTypeOf('drawing.svg')).toBe('file');
    expect(fileTypeOf('scan.tiff')).toBe('file');
  });
});

describe('GET /api/rooms/:id/files', () => {
  it('accepts a room file row', () => {
    const row = {
      id: 3,
      room_id: 7,
      message_id: 101,
      file_path: '20260227103000_a1b2c3d4_photo.png',
      file_name: 'photo.png',
      file_size: 52_341,
      file_type: 'image',
      uploaded_by: 2,
      uploaded_at: '2026-02-27T01:30:00Z',
      uploader_name: '김철수',
      thumbnail_path: 'thumbs/0123456789abcdef0123456789abcdef.webp',
    };
    expect(codeOf(roomFileSchema, row)).toBe('OK');
    expect(codeOf(roomFileSchema, { ...row, file_size: -1 })).toBe('REQUEST_INVALID');
  });
});
