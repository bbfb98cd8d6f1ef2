// VS Code's settings.json is "JSON with comments": // and /* */ comments and trailing commas. Enough of a
// reader to merge settings into a file someone edited by hand.

/** Call `outside` for each stretch of text outside JSON strings; strings are kept as they are. */
function mapOutsideStrings(text: string, outside: (chunk: string) => string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
      continue;
    }
    const next = text.indexOf('"', i);
    const end = next < 0 ? text.length : next;
    out += outside(text.slice(i, end));
    i = end;
  }
  return out;
}

/** Strip comments and trailing commas (outside strings), leaving plain JSON. */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '"') {
      const start = i++;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  // A comma with only whitespace before } or ]: never inside a string, so per stretch between strings.
  return mapOutsideStrings(out.replace(/^\uFEFF/, ''), (chunk) => chunk.replace(/,(\s*)(?=[}\]])/g, '$1'));
}

/** Parse JSON with comments; throws SyntaxError like JSON.parse. */
export function parseJsonc(text: string): unknown {
  const plain = stripJsonComments(text);
  return plain.trim() === '' ? {} : JSON.parse(plain);
}
