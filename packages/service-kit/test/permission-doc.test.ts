import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PERMISSION_DOC_END, PERMISSION_DOC_START, renderPermissionDoc } from '@vigie/contracts';

const DOC = fileURLToPath(new URL('../../../docs/security.md', import.meta.url));

/** Table layout only (Prettier pads markdown tables): cells trimmed, delimiter rows shortened. */
const normalise = (md: string) =>
  md
    .split('\n')
    .map((l) =>
      l
        .trim()
        .replace(/\s*\|\s*/g, '|')
        .replace(/:-+:/g, ':-:')
        .replace(/-{3,}/g, '---'),
    )
    .join('\n');

/**
 * docs/security.md carries the permission matrix rendered from @vigie/contracts (security/permission-doc.ts), between
 * two markers. This fails when the page is stale; `VIGIE_UPDATE_SECURITY_DOC=1` rewrites the section instead.
 */
describe('docs/security.md', () => {
  it('shows the permission matrix as the code defines it', () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(PERMISSION_DOC_START);
    const end = doc.indexOf(PERMISSION_DOC_END);
    expect(start, 'the start marker').toBeGreaterThanOrEqual(0);
    expect(end, 'the end marker, after the start marker').toBeGreaterThan(start);
    const current = doc.slice(start, end + PERMISSION_DOC_END.length);
    const rendered = renderPermissionDoc();
    if (process.env.VIGIE_UPDATE_SECURITY_DOC === '1' && normalise(current) !== normalise(rendered)) {
      writeFileSync(DOC, doc.slice(0, start) + rendered + doc.slice(end + PERMISSION_DOC_END.length));
      return;
    }
    expect(normalise(current), 'docs/security.md is stale: run this test with VIGIE_UPDATE_SECURITY_DOC=1').toBe(normalise(rendered));
  });
});
