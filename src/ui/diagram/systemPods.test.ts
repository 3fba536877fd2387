import { describe, expect, it } from 'vitest';
import { isSystemPodKey, loadSystemPods, withoutSystemPods } from './systemPods';

describe('system pods on the diagram', () => {
  it('recognises kube-system and local-path-storage pods by their key', () => {
    expect(isSystemPodKey('/registry/pods/kube-system/kube-proxy-x7k2p')).toBe(true);
    expect(isSystemPodKey('/registry/pods/local-path-storage/local-path-provisioner-a')).toBe(true);
    expect(isSystemPodKey('/registry/pods/default/kube-system')).toBe(false);
  });

  it('drops them from every node and keeps the rest in order', () => {
    const byNode = {
      'worker-1': ['/registry/pods/default/a', '/registry/pods/kube-system/kindnet-b'],
      '': ['/registry/pods/default/c'],
    };
    expect(withoutSystemPods(byNode)).toEqual({
      'worker-1': ['/registry/pods/default/a'],
      '': ['/registry/pods/default/c'],
    });
    const none = { 'worker-1': ['/registry/pods/default/a'] };
    expect(withoutSystemPods(none)).toBe(none);
  });

  it('keeps a node’s list the same array while its pods stay the same, so its box is not redrawn', () => {
    const worker1 = ['/registry/pods/default/a', '/registry/pods/kube-system/kindnet-b'];
    const first = withoutSystemPods({ 'worker-1': worker1, 'worker-2': ['/registry/pods/x/y'] });
    const next = withoutSystemPods({
      'worker-1': worker1,
      'worker-2': ['/registry/pods/x/y', '/registry/pods/x/z'],
    });
    expect(next['worker-1']).toBe(first['worker-1']);
    expect(isSystemPodKey('/registry/pods')).toBe(false);
    expect(isSystemPodKey('/registry/pods/kube-system')).toBe(true);
  });

  it('remembers the choice per mode; hidden in both modes by default', () => {
    expect(loadSystemPods(null)).toEqual({ normal: false, presenter: false });
    expect(loadSystemPods('{"normal":true,"presenter":true}')).toEqual({
      normal: true,
      presenter: true,
    });
    expect(loadSystemPods('{"normal":"no","presenter":true}')).toEqual({
      normal: false,
      presenter: true,
    });
    expect(loadSystemPods('not json')).toEqual({ normal: false, presenter: false });
  });
});
