// What a Switchboard logged at WARN or ERROR (a cost the figures do not show), read from its log file.
import { openSync, readSync, fstatSync, closeSync } from 'node:fs';

// Counts of each message at WARN or ERROR from byte `from` of the log on (digits as N, so that the same
// message with other ids or numbers counts as one).
export function warnings(file, from = 0) {
  const fd = openSync(file, 'r');
  let text;
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.alloc(Math.max(0, size - from));
    readSync(fd, buffer, 0, buffer.length, from);
    text = buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
  const counts = new Map();
  for (const line of text.split('\n')) {
    const m = /^\S+ \S+ (WARN|ERROR)\s+\[([^\]]+)\] \([^)]*\) (.*)$/.exec(line);
    if (!m) continue;
    const key = `${m[1]} [${m[2]}] ${m[3].replace(/\d+/g, 'N').slice(0, 180)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
