// @vitest-environment happy-dom
import { signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../../../../protocol/rest/messages.ts';
import { itemFromView, outgoingChatItem } from '../../chat/item.ts';
import { memoryKV } from '../../chat/outbox.ts';
import { locale, t } from '../../i18n/index.ts';
import { type AppServices, createServices } from '../../services.ts';
import type { ClientServices, OutgoingItem } from '../../stores.ts';
import { useDomRoot } from '../../testing/dom-root.ts';
import { memoryPlatform } from '../../testing/memory-platform.ts';
import { Composer } from '../chat/composer.tsx';
import { MessageBubble } from '../chat/message-bubble.tsx';
import { ServicesContext } from '../context.ts';
import { attachErrors } from './attach.ts';
import { Lightbox, lightbox } from './lightbox.tsx';
import { UploadStrip } from './upload-strip.tsx';
import { formatSize } from './use-file-src.ts';

const root = useDomRoot();
let services: AppServices | null = null;
afterEach(() => {
  services?.dispose();
  services = null;
  lightbox.value = null;
  attachErrors.value = null;
  locale.value = 'ko';
});

/** The real services; `cookie` makes them the browser's (files are plain URLs). */
function mount(children: ComponentChildren, opts: { cookie?: boolean; patch?: (s: ClientServices) => ClientServices } = {}) {
  const platform = memoryPlatform('http://chat.local:5000');
  if (opts.cookie) platform.authMode = 'cookie';
  services = createServices(platform, { outboxKV: memoryKV() });
  const value = opts.patch ? opts.patch(services) : services;
  act(() => render(<ServicesContext.Provider value={value}>{children}</ServicesContext.Provider>, root()));
}

function fileMessage(over: Partial<MessageView>): MessageView {
  return {
    id: 9, room_id: 3, sender_id: 2, content: '보고서 2026.pdf', encrypted: 0, message_type: 'file', file_path: '20260301_ab_보고서 2026.pdf',
    file_name: '보고서 2026.pdf', client_msg_id: null, reply_to: null, created_at: '2026-03-01T00:00:00Z', edited_at: null, sender_name: 'Kim',
    sender_image: null, reply_content: null, reply_sender: null, unread_count: 0, system: null, ...over,
  };
}

describe('file card and image preview', () => {
  it('shows a file as a card with its name and a download link under its original name (browser)', () => {
    locale.value = 'en';
    const item = itemFromView(fileMessage({}), '보고서 2026.pdf', null, 1);
    mount(<MessageBubble item={item} />, { cookie: true });
    const card = root().querySelector('[data-testid=file-card]')!;
    expect(card.querySelector('.file-name')!.textContent).toBe('보고서 2026.pdf');
    expect(card.querySelector('.file-ext')!.textContent).toBe('PDF');
    const link = card.querySelector<HTMLAnchorElement>('a[data-testid=file-download]')!;
    expect(link.getAttribute('href')).toBe(`http://chat.local:5000/uploads/${encodeURIComponent('20260301_ab_보고서 2026.pdf')}`);
    expect(link.getAttribute('download')).toBe('보고서 2026.pdf');
    expect(link.getAttribute('aria-label')).toBe('Download 보고서 2026.pdf');
  });

  it('on the desktop the download is a button that fetches with the bearer header', async () => {
    const item = itemFromView(fileMessage({}), '보고서 2026.pdf', null, 1);
    mount(<MessageBubble item={item} />);
    const fetched = vi.spyOn(services!.files, 'blob').mockResolvedValue(new Blob(['x']));
    const button = root().querySelector<HTMLButtonElement>('button[data-testid=file-download]')!;
    await act(async () => button.click());
    expect(fetched).toHaveBeenCalledWith('20260301_ab_보고서 2026.pdf');
  });

  it('on the desktop the file goes to the OS save dialog when the platform has one', async () => {
    const item = itemFromView(fileMessage({}), '보고서 2026.pdf', null, 1);
    const saved: Array<[string, Blob]> = [];
    mount(<MessageBubble item={item} />, { patch: (s) => ({ ...s, platform: { ...s.platform, saveFile: async (name: string, data: Blob) => (saved.push([name, data]), true) } }) });
    const bytes = new Blob(['%PDF']);
    vi.spyOn(services!.files, 'blob').mockResolvedValue(bytes);
    await act(async () => root().querySelector<HTMLButtonElement>('button[data-testid=file-download]')!.click());
    expect(saved).toEqual([['보고서 2026.pdf', bytes]]);
  });

  it('shows my outgoing file with its size, and my image from the local bytes', () => {
    const o: OutgoingItem = {
      clientMsgId: 'c1', roomId: 3, text: 'a.zip', replyTo: null, createdAt: '2026-03-01T00:00:00Z', state: 'pending', id: null,
      file: { name: 'a.zip', type: 'file', size: 5 * 1024 * 1024, path: null, blob: new Blob(['z']) },
    };
    mount(<MessageBubble item={outgoingChatItem(o, null, undefined, 0)} />);
    expect(root().querySelector('.file-size')!.textContent).toBe('5.0 MB');
    expect(root().querySelector('[data-testid=file-download]')).toBeNull(); // not on the server yet
  });

  it('an image opens the lightbox with the original; Escape closes it and focus goes back', async () => {
    locale.value = 'en';
    const local = new Blob([new Uint8Array(4)], { type: 'image/png' });
    const o: OutgoingItem = {
      clientMsgId: 'c2', roomId: 3, text: 'cat.png', replyTo: null, createdAt: '2026-03-01T00:00:00Z', state: 'sent', id: 5,
      file: { name: 'cat.png', type: 'image', size: 4, path: 'p_cat.png', blob: local },
    };
    mount(
      <>
        <MessageBubble item={outgoingChatItem(o, null, undefined, 0)} />
        <Lightbox />
      </>,
    );
    const preview = root().querySelector<HTMLButtonElement>('[data-testid=image-preview]')!;
    expect(preview.getAttribute('aria-label')).toBe('View cat.png full size');
    const img = preview.querySelector('img')!;
    expect(img.getAttribute('src')).toMatch(/^blob:/);
    expect(img.getAttribute('loading')).toBe('lazy');
    preview.focus();
    await act(async () => preview.click());
    const dialog = root().querySelector<HTMLElement>('[data-testid=lightbox]')!;
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.getAttribute('aria-label')).toBe('Image viewer: cat.png');
    expect(document.activeElement).toBe(dialog.querySelector('[data-testid=lightbox-close]'));
    expect(dialog.querySelector('[data-testid=lightbox-image]')!.getAttribute('alt')).toBe('cat.png');
    await act(async () => void dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    await act(() => new Promise<void>((r) => requestAnimationFrame(() => r())));
    expect(root().querySelector('[data-testid=lightbox]')).toBeNull();
    expect(document.activeElement).toBe(preview);
  });

  it('formats sizes in B, KB, MB', () => {
    expect([formatSize(900), formatSize(2048), formatSize(15 * 1024 * 1024), formatSize(10.5 * 1024 * 1024)]).toEqual(['900 B', '2.0 KB', '15 MB', '11 MB']);
  });
});

describe('the uploads strip', () => {
  function withUploads(items: OutgoingItem[], progress: Map<string, { loaded: number; total: number }>, status: 'connected' | 'disconnected' = 'connected') {
    const cancel = vi.fn(() => true);
    mount(<UploadStrip roomId={3} />, {
      patch: (s) => ({
        ...s,
        realtime: { ...s.realtime, status: signal(status) } as never,
        sender: { ...s.sender, outgoing: signal(items), uploads: signal(progress), cancel } as never,
      }),
    });
    return cancel;
  }
  const pending = (id: string, name: string, path: string | null = null, roomId = 3): OutgoingItem => ({
    clientMsgId: id, roomId, text: name, replyTo: null, createdAt: '2026-03-01T00:00:00Z', state: 'pending', id: null,
    file: { name, type: 'file', size: 10 * 1024 * 1024, path, blob: null },
  });

  it('shows a progress bar per upload of the room, and cancel calls the pipeline', () => {
    locale.value = 'en';
    const cancel = withUploads([pending('a', 'big.zip'), pending('b', 'next.pdf'), pending('c', 'other room.pdf', null, 4)], new Map([['a', { loaded: 2.5 * 1024 * 1024, total: 10 * 1024 * 1024 }]]));
    const rows = root().querySelectorAll('[data-testid=upload-item]');
    expect(rows).toHaveLength(2);
    const bar = rows[0]!.querySelector('[role=progressbar]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(bar.getAttribute('aria-label')).toBe('Upload progress of big.zip');
    expect(rows[0]!.textContent).toContain('Uploading · 10 MB');
    expect(rows[1]!.querySelector('[role=progressbar]')!.getAttribute('aria-valuenow')).toBe('0');
    act(() => rows[0]!.querySelector<HTMLButtonElement>('[data-testid=upload-cancel]')!.click());
    expect(cancel).toHaveBeenCalledWith('a');
  });

  it('says an upload waits for the connection while offline', () => {
    withUploads([pending('a', 'big.zip')], new Map(), 'disconnected');
    expect(root().querySelector('.upload-phase')!.textContent).toContain(t('upload.waiting'));
  });
});

describe('attaching in the composer', () => {
  function withComposer() {
    mount(<Composer roomId={3} />);
    return vi.spyOn(services!.sender, 'sendFile');
  }

  it('the attach button opens the file picker; chosen files are sent one by one', async () => {
    const sendFile = withComposer();
    sendFile.mockResolvedValue(null);
    const input = root().querySelector<HTMLInputElement>('[data-testid=attach-input]')!;
    const picked = vi.fn();
    input.addEventListener('click', picked);
    act(() => root().querySelector<HTMLButtonElement>('[data-testid=attach-button]')!.click());
    expect(picked).toHaveBeenCalled();
    const files = [new File(['a'], 'a.pdf'), new File(['b'], '사진.png', { type: 'image/png' })];
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    await act(async () => void input.dispatchEvent(new Event('change', { bubbles: true })));
    expect(sendFile.mock.calls.map((c) => [c[0], c[2]])).toEqual([
      [3, 'a.pdf'],
      [3, '사진.png'],
    ]);
  });

  it('a pasted image is sent as a file (named by the time); refusals are shown', async () => {
    const sendFile = withComposer();
    sendFile.mockResolvedValue('too big');
    const box = root().querySelector<HTMLTextAreaElement>('[data-testid=composer]')!;
    const shot = new File([new Uint8Array(3)], 'image.png', { type: 'image/png' });
    const paste = new Event('paste', { bubbles: true, cancelable: true }) as Event & { clipboardData: unknown };
    paste.clipboardData = { files: [shot] };
    await act(async () => void box.dispatchEvent(paste));
    expect(paste.defaultPrevented).toBe(true);
    expect(sendFile).toHaveBeenCalledTimes(1);
    expect(sendFile.mock.calls[0]![2]).toMatch(/^image-\d{8}-\d{6}\.png$/);
    expect(root().querySelector('[data-testid=attach-refused]')!.textContent).toBe('too big');
  });
});
