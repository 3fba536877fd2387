/**
 * Strict UTF-8 decoding of manifest files, where bytes enter the engine (the CLI reads files).
 * go-yaml, which kubectl reads YAML with, refuses bytes that are not UTF-8 (k/k vendor:
 * sigs.k8s.io/yaml/goyaml.v2 readerc.go yaml_parser_update_buffer) instead of turning them into
 * U+FFFD as a lenient decoder does; so does this.
 */

export type Utf8Result =
  | { ok: true; text: string }
  | {
      ok: false;
      /** kubectl's line, plus where the bad byte is (our addition, as for YAML errors). */
      message: string;
      /** 1-based line and column (in characters) of the first bad byte. */
      line: number;
      column: number;
      /** The text before the first bad byte: documents wholly before it may still be read. */
      text: string;
    };

/** go-yaml's reader errors, by what is wrong with the sequence. */
const PROBLEMS = {
  leading: 'invalid leading UTF-8 octet',
  incomplete: 'incomplete UTF-8 octet sequence',
  trailing: 'invalid trailing UTF-8 octet',
  length: 'invalid length of a UTF-8 sequence',
  character: 'invalid Unicode character',
} as const;

/**
 * Decodes `bytes` as UTF-8 (a leading byte-order mark is dropped), or says where and why it is
 * not UTF-8: `error: error parsing FILE: error converting YAML to JSON: yaml: invalid leading
 * UTF-8 octet (line 3, column 9)`.
 */
export function decodeUtf8Strict(bytes: Uint8Array, file: string): Utf8Result {
  const units: number[] = [];
  const chunks: string[] = [];
  const flush = () => {
    if (units.length) chunks.push(String.fromCharCode(...units));
    units.length = 0;
  };
  let line = 1;
  let column = 1;
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const width =
      b < 0x80
        ? 1
        : (b & 0xe0) === 0xc0
          ? 2
          : (b & 0xf0) === 0xe0
            ? 3
            : (b & 0xf8) === 0xf0
              ? 4
              : 0;
    let problem: keyof typeof PROBLEMS | undefined;
    let value = width === 1 ? b : width === 2 ? b & 0x1f : width === 3 ? b & 0x0f : b & 0x07;
    if (width === 0) problem = 'leading';
    else if (i + width > bytes.length) problem = 'incomplete';
    else {
      for (let k = 1; k < width && !problem; k++) {
        const t = bytes[i + k];
        if ((t & 0xc0) !== 0x80) problem = 'trailing';
        else value = (value << 6) | (t & 0x3f);
      }
      if (!problem) {
        if (
          (width === 2 && value < 0x80) ||
          (width === 3 && value < 0x800) ||
          (width === 4 && value < 0x10000)
        )
          problem = 'length';
        else if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) problem = 'character';
      }
    }
    if (problem) {
      flush();
      const text = chunks.join('');
      return {
        ok: false,
        message: `error: error parsing ${file}: error converting YAML to JSON: yaml: ${PROBLEMS[problem]} (line ${line}, column ${column})`,
        line,
        column,
        text,
      };
    }
    if (value >= 0x10000) {
      const v = value - 0x10000;
      units.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
    } else units.push(value);
    if (value === 0x0a) {
      line++;
      column = 1;
    } else column++;
    if (units.length >= 8192) flush();
    i += width;
  }
  flush();
  return { ok: true, text: chunks.join('') };
}
