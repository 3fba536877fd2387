/**
 * Newline-delimited JSON from a streaming response (a watch, the served page's feed): each line
 * parsed as it arrives, in order. Resolves when the stream ends; rejects if it breaks.
 */
export async function readLines(
  body: ReadableStream<Uint8Array>,
  onLine: (value: unknown) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    rest += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl).trim();
      rest = rest.slice(nl + 1);
      if (line) onLine(JSON.parse(line));
    }
  }
  const last = (rest + decoder.decode()).trim();
  if (last) onLine(JSON.parse(last));
}

/** `Authorization` for a bearer token, when there is one. */
export function authHeaders(token: string | undefined): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}
