// The official templates' texts in the portal's languages. The server stores them in English (they are
// data, shared by every company); the portal shows them in the reader's language by template id, and
// falls back to the stored text for anything not listed here (companies' own templates).
import type { Locale } from '@youarecoder/contract';

interface OfficialText {
  name: string;
  description: string;
  /** Step names by index, as in server/src/modules/workspaces/templates/official.ts. */
  steps: string[];
}

const TR: Record<string, OfficialText> = {
  tpl_blank: {
    name: 'Boş',
    description: 'README içeren boş bir proje klasörü. Sıfırdan başlayın.',
    steps: ['README.md dosyasını yaz'],
  },
  tpl_node: {
    name: 'Node.js',
    description: 'JavaScript için düzenleyici ayarlarıyla bir Node.js projesi (package.json, index.js).',
    steps: [
      'Proje dosyalarını yaz',
      'JavaScript için düzenleyici ayarları',
      'YouAreCoder karşılama eklentisini kur',
      'Node.js sürümünü kaydet',
    ],
  },
  tpl_python: {
    name: 'Python',
    description: 'Python için düzenleyici ayarlarıyla bir Python projesi (main.py, requirements.txt).',
    steps: [
      'Proje dosyalarını yaz',
      'Python için düzenleyici ayarları',
      "Python 3'ü ve venv'i kur",
      "Python 3'ü denetle",
    ],
  },
};

const TEXTS: Record<Locale, Record<string, OfficialText>> = { en: {}, tr: TR };

/** Texts of templates in a locale: the translation of an official one, else what the server stored. */
export function officialTexts(locale: Locale) {
  const texts = TEXTS[locale];
  return {
    name: (id: string, stored: string) => texts[id]?.name ?? stored,
    description: (id: string, stored: string) => texts[id]?.description ?? stored,
    step: (templateId: string | undefined, index: number, stored: string) =>
      (templateId && texts[templateId]?.steps[index]) || stored,
  };
}
