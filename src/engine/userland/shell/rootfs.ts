/**
 * The top-level directories of the images' root filesystems, as `ls /` lists them: the Debian
 * base (debian, ubuntu, python, node, golang…) and busybox/alpine, which has no /boot or /lib64.
 */

/** `ls /` in a Debian-based image. */
export const DEBIAN_ROOT_DIRS: readonly string[] = [
  'bin',
  'boot',
  'dev',
  'etc',
  'home',
  'lib',
  'lib64',
  'media',
  'mnt',
  'opt',
  'proc',
  'root',
  'run',
  'sbin',
  'srv',
  'sys',
  'tmp',
  'usr',
  'var',
];

/** `ls /` in an alpine or busybox image. */
export const ALPINE_ROOT_DIRS: readonly string[] = DEBIAN_ROOT_DIRS.filter(
  (d) => d !== 'boot' && d !== 'lib64',
);
