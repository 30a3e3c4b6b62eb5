/** Plain data; object members that are undefined are left out. */
export type Plain = string | number | boolean | null | undefined | Plain[] | { [key: string]: Plain };

const scalar = (value: string | number | boolean | null | undefined): string =>
  // Strings are JSON-quoted: a JSON string is a valid YAML double-quoted scalar, so nothing needs escaping rules of our own.
  typeof value === 'string' ? JSON.stringify(value) : String(value);

// Bare words YAML 1.1 parsers (PyYAML) read as booleans or null, so keys like these are quoted.
const YAML11_WORDS = /^(y|yes|n|no|true|false|on|off|null)$/i;

const isBlock = (value: Plain) => value !== null && typeof value === 'object' && (Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0);

/** Block-style YAML for plain data (objects, arrays, strings, numbers, booleans, null), two-space indents. */
export function toYaml(value: Plain, indent = ''): string {
  if (!isBlock(value)) return `${indent}${Array.isArray(value) ? '[]' : value !== null && typeof value === 'object' ? '{}' : scalar(value as string)}\n`;
  if (Array.isArray(value)) {
    return value.map((item) => {
      if (!isBlock(item)) return `${indent}- ${toYaml(item).trimStart()}`;
      const body = toYaml(item, `${indent}  `);
      return `${indent}- ${body.slice(indent.length + 2)}`;
    }).join('');
  }
  return Object.entries(value as Record<string, Plain>).filter(([, item]) => item !== undefined).map(([key, item]) => {
    const name = /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(key) && !YAML11_WORDS.test(key) ? key : JSON.stringify(key);
    return isBlock(item) ? `${indent}${name}:\n${toYaml(item, `${indent}  `)}` : `${indent}${name}: ${toYaml(item).trim()}\n`;
  }).join('');
}
