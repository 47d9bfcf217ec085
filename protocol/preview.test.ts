import { describe, expect, it } from 'vitest';
import { cutPreview, previewText } from './preview.ts';

const text = (content: string, encrypted = 0) => ({ message_type: 'text', content, encrypted, file_name: null });

describe('previewText (the one preview rule of server list and client)', () => {
  it('names empty rooms, photos, files and ciphertext in the reader\'s language', () => {
    expect(previewText(null, 'ko')).toBe('새 대화');
    expect(previewText({ message_type: 'image', content: 'a.png', encrypted: 0, file_name: 'a.png' }, 'ko')).toBe('[사진]');
    expect(previewText({ message_type: 'file', content: '보고서.pdf', encrypted: 0, file_name: '보고서.pdf' }, 'en')).toBe('보고서.pdf');
    expect(previewText({ message_type: 'file', content: null, encrypted: 0, file_name: null }, 'ko')).toBe('[파일]');
    expect(previewText(text('v2:x', 1), 'ko')).toBe('[암호화된 메시지]');
    expect(previewText(text('v2:x', 1), 'en')).toBe('[Encrypted message]');
  });

  it('shows decrypted text when the reader has it, cut at 25 code points', () => {
    expect(previewText(text('v2:x', 1), 'ko', '비밀')).toBe('비밀');
    expect(previewText(text('b'.repeat(26)), 'ko')).toBe(`${'b'.repeat(25)}...`);
    expect(cutPreview('😀'.repeat(30))).toBe(`${'😀'.repeat(25)}...`);
    expect(cutPreview('a'.repeat(25))).toBe('a'.repeat(25));
  });
});
