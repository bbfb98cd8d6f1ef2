import { describe, expect, it } from 'vitest';
import { officialTexts } from '../../../../../web/src/i18n/official.ts';
import { OFFICIAL_TEMPLATES } from './official.ts';

// The portal translates the official templates by id and step index: every one of them, and every
// step, must have its Turkish text (a new step or template here without one would show in English).
describe('official templates in the portal languages', () => {
  const tr = officialTexts('tr');
  const en = officialTexts('en');
  it.each(OFFICIAL_TEMPLATES.map((t) => [t.id, t] as const))('%s is translated into Turkish', (_id, t) => {
    expect(tr.name(t.id, '\u0000')).not.toBe('\u0000');
    expect(tr.description(t.id, '\u0000')).not.toBe('\u0000');
    t.steps.forEach((s, i) => {
      expect(s.name, `step ${i} of ${t.id} has a name`).toBeTruthy();
      const translated = tr.step(t.id, i, '\u0000');
      expect(translated, `step ${i} of ${t.id}`).not.toBe('\u0000');
      expect(translated, `step ${i} of ${t.id} is Turkish, not the stored English`).not.toBe(s.name);
    });
    expect(tr.step(t.id, t.steps.length, 'stored')).toBe('stored');
  });

  it('English shows what the server stored; unknown templates keep their own texts', () => {
    const node = OFFICIAL_TEMPLATES.find((t) => t.id === 'tpl_node');
    expect(en.name('tpl_node', node?.name ?? '')).toBe('Node.js');
    expect(tr.name('tpl_companyown', 'Our stack')).toBe('Our stack');
    expect(tr.step(undefined, 0, 'Our step')).toBe('Our step');
  });
});
