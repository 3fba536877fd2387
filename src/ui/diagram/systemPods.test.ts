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
