import { describe, expect, it } from 'vitest';
import { Transcript } from './transcript';

const text = (entries: ReturnType<Transcript['upTo']>) =>
  entries.map((e) => ('text' in e ? e.text : '<clear>')).join('');

describe('the terminal transcript', () => {
  it('gives what the screen showed up to a moment, clears included', () => {
    const t = new Transcript();
    t.write(0, '$ ');
    t.write(1000, 'kubectl get pods');
    t.write(1000, '\r\n');
    t.write(1200, 'No resources found in default namespace.\r\n$ ');
    t.clear(5000);
    t.write(5000, '$ ');
    expect(text(t.upTo(999))).toBe('$ ');
    expect(text(t.upTo(1100))).toBe('$ kubectl get pods\r\n');
    expect(text(t.upTo(4000))).toBe(
      '$ kubectl get pods\r\nNo resources found in default namespace.\r\n$ ',
    );
    expect(text(t.upTo(6000))).toMatch(/<clear>\$ $/);
  });

  it('drops a dropped future, and the oldest text past its limit', () => {
    const t = new Transcript(10);
    t.write(0, 'aaaa');
    t.write(1, 'bbbb');
    t.write(2, 'cccc');
    expect(text(t.upTo(9))).toBe('bbbbcccc');
    t.truncate(1);
    expect(text(t.upTo(9))).toBe('bbbb');
  });

  it("keeps an earlier cluster's text at every moment of a new one", () => {
    const t = new Transcript();
    t.write(90_000, 'old cluster\r\n');
    t.rebase();
    t.write(500, 'new cluster\r\n');
    expect(text(t.upTo(0))).toBe('old cluster\r\n');
    expect(text(t.upTo(600))).toBe('old cluster\r\nnew cluster\r\n');
  });
});
