import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommentList } from '../src/components/CommentList';
import { comment } from './fixtures';

const root = () => document.body.appendChild(document.createElement('div'));
afterEach(() => {
  document.body.innerHTML = '';
});

describe('CommentList', () => {
  it('renders names and bodies as text, never HTML', () => {
    const el = root();
    const evil = comment({ author_name: '<b>Eve</b>', body: '<img src=x onerror="alert(1)">hi' });
    act(() => render(<CommentList comments={[evil]} isOwner={false} onSeek={() => {}} onReply={() => {}} />, el));
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('b')).toBeNull();
    expect(el.querySelector('.body')?.textContent).toBe('<img src=x onerror="alert(1)">hi');
    expect(el.querySelector('.author')?.textContent).toBe('<b>Eve</b>');
  });

  it('shows threads in time order with clickable timestamps and replies', () => {
    const el = root();
    const onSeek = vi.fn();
    const onReply = vi.fn();
    const a = comment({ id: 'a', at_ms: 65_000, body: 'later' });
    const b = comment({ id: 'b', at_ms: 2_000, end_ms: 4_000, body: 'range' });
    const r = comment({ id: 'r', parent_id: 'a', at_ms: 65_000, body: 'a reply' });
    act(() => render(<CommentList comments={[b, a, r]} isOwner={false} onSeek={onSeek} onReply={onReply} />, el));
    const stamps = [...el.querySelectorAll('.stamp')].map((s) => s.textContent);
    expect(stamps).toEqual(['0:02–0:04', '1:05']);
    expect(el.querySelector('.replies .body')?.textContent).toBe('a reply');
    act(() => (el.querySelectorAll('.stamp')[1] as HTMLButtonElement).click());
    expect(onSeek).toHaveBeenCalledWith(65_000);
    const reply = [...el.querySelectorAll('button')].find((b) => b.textContent === 'Reply') as HTMLButtonElement;
    act(() => reply.click());
    expect(onReply).toHaveBeenCalledWith(b);
    expect([...el.querySelectorAll('button')].some((b) => b.textContent === 'Resolve' || b.textContent === 'Delete')).toBe(false);
  });

  it('gives the owner resolve and delete', () => {
    const el = root();
    const onResolve = vi.fn();
    const onDelete = vi.fn();
    const c = comment({ id: 'x' });
    act(() =>
      render(<CommentList comments={[c]} isOwner onSeek={() => {}} onReply={() => {}} onResolve={onResolve} onDelete={onDelete} />, el),
    );
    const button = (label: string) => [...el.querySelectorAll('button')].find((b) => b.textContent === label) as HTMLButtonElement;
    act(() => button('Resolve').click());
    act(() => button('Delete').click());
    expect(onResolve).toHaveBeenCalledWith(c, true);
    expect(onDelete).toHaveBeenCalledWith(c);
  });
});
