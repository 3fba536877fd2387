import { describe, expect, it } from 'vitest';
import { FileStore } from './fileStore';

describe('FileStore (a container writable layer, journaled in virtual time)', () => {
  it("shows the writer's changes only once the clock reaches them", () => {
    const fs = new FileStore();
    let t = 0;
    fs.writer = { writerNow: () => t };
    fs.set('/tmp/a', 'x');
    t = 100;
    fs.append('/tmp/a', 'y');
    t = 200;
    fs.delete('/tmp/a');
    // The writer itself already sees its latest state.
    expect(fs.has('/tmp/a')).toBe(false);
    expect(fs.at(50).get('/tmp/a')).toBe('x');
    expect(fs.at(150).get('/tmp/a')).toBe('xy');
    expect(fs.at(200).has('/tmp/a')).toBe(false);
  });

  it("keeps another process's change until the writer changes the same file later", () => {
    const fs = new FileStore();
    let t = 0;
    fs.writer = { writerNow: () => t };
    t = 300;
    fs.delete('/tmp/b');
    fs.commit(
      100,
      new Map([
        ['/tmp/b', 'from exec'],
        ['/tmp/c', 'kept'],
      ]),
    );
    expect(fs.at(200).get('/tmp/b')).toBe('from exec');
    expect(fs.at(300).has('/tmp/b')).toBe(false);
    expect(fs.get('/tmp/c')).toBe('kept');
    expect(fs.has('/tmp/b')).toBe(false);
  });
});
