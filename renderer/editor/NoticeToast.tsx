import { useEffect } from 'react';
import { useEditor } from '../state/designStore';

const SHOW_MS = 7000;

/** The latest editor message (a refused connection, a save), for a few seconds. */
export function NoticeToast() {
  const notice = useEditor((s) => s.notice);
  const dismiss = useEditor((s) => s.dismissNotice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(dismiss, SHOW_MS);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  if (!notice) return null;
  return (
    <div className={`toast toast--${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="editor-notice">
      <span>{notice.text}</span>
      <button type="button" className="notice__close" onClick={dismiss} aria-label="Dismiss">×</button>
    </div>
  );
}
