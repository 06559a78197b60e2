/**
 * MQTT topic filters (MQTT 3.1.1 §4.7): a source subscribes with several filters and must know which
 * subscription an incoming message belongs to, since the broker only hands over the topic.
 */

/** `+` fills a whole level, `#` only the last one; neither may share a level with other characters. */
export function isValidTopicFilter(filter: string): boolean {
  if (filter.length === 0 || filter.includes('\u0000')) return false;
  const levels = filter.split('/');
  return levels.every((level, i) => {
    if (level.includes('#')) return level === '#' && i === levels.length - 1;
    return !level.includes('+') || level === '+';
  });
}

/**
 * True when `topic` matches `filter`. Per §4.7.2 a filter starting with a wildcard does not match topics
 * starting with `$` (broker-internal `$SYS/...`).
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const level = f[i];
    if (level === '#') return true; // also matches the parent level: 'a/#' matches 'a'
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}
