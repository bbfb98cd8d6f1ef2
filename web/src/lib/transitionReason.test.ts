import { describe, expect, it } from 'vitest';
import { dictionaries, translator } from '../i18n/index.tsx';
import { transitionReason } from './transitionReason.ts';

const tr = translator(dictionaries.tr);
const en = translator(dictionaries.en);

describe('transitionReason', () => {
  it('says the known notes in Turkish on the Turkish portal', () => {
    expect(transitionReason(tr, 'created')).toBe('oluşturuldu');
    expect(transitionReason(tr, 'started by ayse@example.com')).toBe('ayse@example.com başlattı');
    expect(transitionReason(tr, 'stopped by ayse@example.com')).toBe('ayse@example.com durdurdu');
    expect(transitionReason(tr, 'stopped after 2 hours 5 minutes without IDE activity')).toBe(
      '2 saat 5 dakika IDE etkinliği olmadığı için durduruldu',
    );
    expect(transitionReason(tr, 'stopped with the platform (--stop-workspaces)')).toBe(
      'platformla birlikte durduruldu (platform --stop-workspaces ile başlatılmıştı)',
    );
    expect(transitionReason(en, 'stopped after 30 minutes without IDE activity')).toBe(
      'stopped after 30 minutes without IDE activity',
    );
  });

  it('keeps an unknown note (a failure’s own words) as recorded', () => {
    expect(transitionReason(tr, 'code-server exited with code 1')).toBe('code-server exited with code 1');
  });
});
