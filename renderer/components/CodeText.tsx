import { codeSpans } from './codeSpans';

/** Help text with its `names` shown as code. */
export function CodeText({ text }: { text: string }) {
  return <>{codeSpans(text).map((part, i) => (part.code ? <code key={i}>{part.text}</code> : part.text))}</>;
}
